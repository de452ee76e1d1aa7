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
    public void Bad_input_found_by_a_parallel_loop_is_bad_input_not_a_bug()
    {
        var (code, stderr) = RunCapturingStderr(() =>
        {
            Parallel.For(0, 4, i =>
            {
                if (i % 2 == 1)
                {
                    throw new DatasetException($"x{i}.jpg: not an image");
                }
            });
            return ExitCodes.Ok;
        });

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Matches(@"^error: x[13]\.jpg: not an image$", stderr.Trim());
    }

    [Fact]
    public void A_parallel_loop_with_any_unexpected_failure_is_still_a_crash()
    {
        var (code, stderr) = RunCapturingStderr(() =>
            throw new AggregateException(new DatasetException("bad file"), new InvalidOperationException("boom")));

        Assert.Equal(ExitCodes.Crash, code);
        Assert.StartsWith("error: unexpected failure (a bug in fracture): System.AggregateException", stderr, StringComparison.Ordinal);
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
