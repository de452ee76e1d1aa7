using Fracture.Core;
using Spectre.Console;

namespace Fracture.Cli;

/// <summary>
/// Runs a command body and turns known failures into a one-line error and a non-zero exit; anything else is a bug,
/// reported with its stack trace and <see cref="ExitCodes.Crash"/>.
/// </summary>
internal static class CommandRunner
{
    public static int Run(Func<int> body) => Run(body, Console.Error);

    /// <summary>As <see cref="Run(Func{int})"/>, with error lines written to <paramref name="errors"/>.</summary>
    public static int Run(Func<int> body, TextWriter errors)
    {
        try
        {
            return Unwrapped(body);
        }
        catch (FractureException ex)
        {
            WriteError(errors, ex.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            WriteError(errors, ex.Message);
            return ExitCodes.BadInput;
        }
        catch (IOException ex)
        {
            // A full disk or a vanished file: say so plainly, nothing was half-written (outputs go through temp files).
            WriteError(errors, $"I/O error: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex)
        {
            // A bug, not bad input: keep the stack trace for the report, and exit with the documented crash code
            // (System.CommandLine's own handler would exit 1, the bad-input code).
            errors.WriteLine($"error: unexpected failure (a bug in fracture): {ex}");
            return ExitCodes.Crash;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>; an <see cref="AggregateException"/> (Parallel.For wraps what its workers throw)
    /// of bad-input failures only is rethrown as its first, so a bad file found by a parallel loop is bad input, not a bug.
    /// </summary>
    private static int Unwrapped(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (AggregateException ex) when (ex.Flatten().InnerExceptions.All(e => e is FractureException or IOException or UnauthorizedAccessException))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.Flatten().InnerExceptions[0]);
            throw;
        }
    }

    public static void WriteError(string message) => WriteError(Console.Error, message);

    public static void WriteError(TextWriter errors, string message) =>
        errors.WriteLine($"error: {message.ReplaceLineEndings(" ")}");

    public static void WriteWarning(string message) =>
        AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");
}
