using Fracture.Core;
using Spectre.Console;

namespace Fracture.Cli;

/// <summary>Runs a command body and turns known failures into a one-line error and a non-zero exit.</summary>
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
    }

    public static void WriteError(string message) =>
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");

    public static void WriteWarning(string message) =>
        AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");
}
