namespace Fracture.Cli.Tests.Support;

/// <summary>An output refused because it is one of the command's input files.</summary>
internal static class Refused
{
    /// <summary>
    /// Runs `fracture` with <paramref name="args"/> and asserts exit 1 with one error line that says
    /// "OPTION names WHAT (...)", and <paramref name="input"/> byte for byte as before.
    /// </summary>
    public static void Overwrite(string input, string expected, params string[] args)
    {
        var before = File.ReadAllBytes(input);

        var result = CliRunner.Run(args);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.StartsWith("error: " + expected + " (", line, StringComparison.Ordinal);
        Assert.Contains(" would replace it; ", line, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }
}
