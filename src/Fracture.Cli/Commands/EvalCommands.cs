using System.CommandLine;

namespace Fracture.Cli.Commands;

/// <summary>`fracture eval ...`: score prediction files against a dataset split.</summary>
internal static class EvalCommands
{
    public static Command Create()
    {
        var eval = new Command("eval", "Score predictions against a dataset split.");
        return eval;
    }
}
