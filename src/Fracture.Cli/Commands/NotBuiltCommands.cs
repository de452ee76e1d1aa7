using System.CommandLine;

namespace Fracture.Cli.Commands;

/// <summary>
/// Commands that are planned but not built yet. They exist so `fracture --help` shows the whole tool,
/// and they fail loudly (exit 3) instead of pretending to work.
/// </summary>
internal static class NotBuiltCommands
{
    private static readonly (string Name, string Description)[] Planned =
    [
        ("serve", "Start the REST API and web page (not built yet)."),
    ];

    public static IEnumerable<Command> Create()
    {
        foreach (var (name, description) in Planned)
        {
            var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
            command.SetAction(_ =>
            {
                CommandRunner.WriteError($"'fracture {name}' is not built yet.");
                return ExitCodes.NotBuilt;
            });
            yield return command;
        }
    }
}
