using Fracture.Inference;
using Spectre.Console;

namespace Fracture.Cli.Predict;

/// <summary>
/// What `fracture predict` takes from outside: how to open a model, where results (stdout) and the progress bar,
/// skipped files and errors (stderr) go, and the folder relative sources are resolved against. Tests pass their own.
/// </summary>
internal sealed record PredictEnvironment(
    Func<string, PredictorOptions, IPredictor> Open,
    IAnsiConsole Out,
    IAnsiConsole ErrorConsole,
    TextWriter Error,
    string WorkingDirectory)
{
    /// <summary>The real process: ONNX Runtime, the process's consoles and current folder.</summary>
    public static PredictEnvironment Default()
    {
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
        {
            error.Profile.Width = 200;
        }

        return new PredictEnvironment(Predictor.Open, AnsiConsole.Console, error, Console.Error, Environment.CurrentDirectory);
    }
}
