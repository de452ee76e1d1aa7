using System.CommandLine;
using Fracture.Cli.Commands;

namespace Fracture.Cli;

/// <summary>Builds the `fracture` command tree; each group lives in its own static class.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Fracture: find and classify bone fractures in X-ray images.");
        root.Subcommands.Add(DatasetCommands.Create());
        root.Subcommands.Add(EvalCommands.Create());
        root.Subcommands.Add(TrainCommands.Create());
        root.Subcommands.Add(ValCommands.Create());
        root.Subcommands.Add(BenchCommands.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(ExportCommands.Create());
        root.Subcommands.Add(ServeCommand.Create());

        return root;
    }

    public static int Run(string[] args)
    {
        // Redirected output (CI logs, files) gets wide tables instead of Spectre's 80-column fallback.
        if (Console.IsOutputRedirected)
        {
            Spectre.Console.AnsiConsole.Profile.Width = 200;
        }

        return BuildRoot().Parse(args).Invoke();
    }
}
