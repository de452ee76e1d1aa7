using Fracture.Core.Datasets;

namespace Fracture.Cli.Tests;

/// <summary>
/// <see cref="CommandRunner"/> in process: known failures are bad input (exit 1, one line), anything else is a bug
/// (exit 70 with the stack trace). A real crash cannot be provoked from outside, so this is tested directly.
/// </summary>
[Collection(nameof(CommandRunnerTests))]
public sealed class CommandRunnerTests
{
    [Fact]
    public void A_fracture_exception_is_bad_input_on_one_line()
    {
        var (code, stderr) = RunCapturingStderr(() => throw new DatasetException("line one\nline two"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("error: line one line two", stderr.Trim());
    }

    [Fact]
    public void An_unexpected_exception_is_a_crash_with_its_stack_trace()
    {
        var (code, stderr) = RunCapturingStderr(() => throw new InvalidOperationException("boom"));

        Assert.Equal(ExitCodes.Crash, code);
        Assert.StartsWith("error: unexpected failure (a bug in fracture): System.InvalidOperationException: boom", stderr, StringComparison.Ordinal);
        Assert.Contains("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_successful_body_returns_its_exit_code()
    {
        var (code, stderr) = RunCapturingStderr(() => ExitCodes.Ok);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(string.Empty, stderr);
    }

    private static (int Code, string StdErr) RunCapturingStderr(Func<int> body)
    {
        var original = Console.Error;
        using var capture = new StringWriter();
        Console.SetError(capture);
        try
        {
            return (CommandRunner.Run(body), capture.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
