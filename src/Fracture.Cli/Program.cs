return Fracture.Cli.CliApp.Run(args);
