using Fracture.Core;
using Spectre.Console;

namespace Fracture.Cli;

/// <summary>
/// Runs a command body and turns known failures into a one-line error and a non-zero exit; anything else is a bug,
/// reported with its stack trace and <see cref="ExitCodes.Crash"/>.
/// </summary>
internal static class CommandRunner
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (FractureException ex)
        {
            WriteError(ex.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            WriteError(ex.Message);
            return ExitCodes.BadInput;
        }
        catch (IOException ex)
        {
            // A full disk or a vanished file: say so plainly, nothing was half-written (outputs go through temp files).
            WriteError($"I/O error: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex)
        {
            // A bug, not bad input: keep the stack trace for the report, and exit with the documented crash code
            // (System.CommandLine's own handler would exit 1, the bad-input code).
            Console.Error.WriteLine($"error: unexpected failure (a bug in fracture): {ex}");
            return ExitCodes.Crash;
        }
    }

    public static void WriteError(string message) =>
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");

    public static void WriteWarning(string message) =>
        AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");
}
