using Fracture.Cli.Commands;
using Fracture.Cli.Predict;
using Fracture.Inference;
using Spectre.Console;

namespace Fracture.Cli.Tests.Support;

/// <summary>
/// Runs `fracture predict` in this process with a model opener of the test's choosing (a fake predictor), capturing
/// stdout and stderr as plain text. Relative paths resolve against <paramref name="workingDirectory"/>.
/// </summary>
internal static class InProcessPredict
{
    public static CliResult Run(Func<string, PredictorOptions, IPredictor> open, string workingDirectory, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new PredictEnvironment(open, Console(stdout), Console(stderr), stderr, workingDirectory);
        var exit = PredictCommand.Create(() => environment).Parse(args).Invoke();
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    private static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        return console;
    }
}
