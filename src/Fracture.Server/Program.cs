// Wiring only: the server is built by FractureServerApp, which `fracture serve` uses too.
return await Fracture.Server.FractureServerApp.RunFromCommandLineAsync(args);
