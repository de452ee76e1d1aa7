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
        RejectEmptyValues(root);

        return root;
    }

    /// <summary>
    /// Every text option refuses an empty value (<c>--source "$DIR"</c> with DIR unset): as a path it would name the
    /// working folder or nothing, and deep inside a command it would surface as a crash instead of bad input.
    /// </summary>
    private static void RejectEmptyValues(Command command)
    {
        foreach (var option in command.Options.Where(o => o.ValueType == typeof(string)))
        {
            option.Validators.Add(result =>
            {
                if (result.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
                {
                    result.AddError($"{option.Name} needs a value, not an empty one");
                }
            });
        }

        foreach (var sub in command.Subcommands)
        {
            RejectEmptyValues(sub);
        }
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
