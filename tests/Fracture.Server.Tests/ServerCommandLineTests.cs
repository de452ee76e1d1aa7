namespace Fracture.Server.Tests;

/// <summary>
/// The server's own command line (./serve): the options `fracture serve` takes are read, settings pass through to
/// the host's configuration, and anything else stops the start (it was read as a configuration key nothing used).
/// </summary>
public class ServerCommandLineTests
{
    [Fact]
    public void The_three_options_become_overrides_in_either_spelling_and_settings_pass_through()
    {
        var (overrides, settings) = ServerCommandLine.Parse(
            ["--models", "shipped", "--data=/var/lib/fracture", "--urls", "http://0.0.0.0:8080", "--Fracture:Server:ApiKey=k", "--Kestrel:Limits:MaxRequestBodySize", "100", "--Logging="]);

        Assert.Equal(new ServerOverrides("http://0.0.0.0:8080", Path.GetFullPath("shipped"), "/var/lib/fracture"), overrides);
        Assert.Equal(["--Fracture:Server:ApiKey=k", "--Kestrel:Limits:MaxRequestBodySize", "100", "--Logging="], settings);
    }

    [Fact]
    public void No_arguments_change_nothing()
    {
        var (overrides, settings) = ServerCommandLine.Parse([]);

        Assert.Equal(new ServerOverrides(), overrides);
        Assert.Empty(settings);
    }

    [Theory]
    [InlineData("--port", "8080")]
    [InlineData("--model", "models")]
    [InlineData("models")]
    [InlineData("--verbose")]
    public void An_argument_that_is_neither_an_option_nor_a_setting_is_refused(params string[] args)
    {
        var error = Assert.Throws<ServerStartupException>(() => ServerCommandLine.Parse(args));

        Assert.Equal(
            $"unknown option or argument '{args[0]}' (the server takes --urls, --models, --data and settings as --Fracture:Server:KEY=VALUE; --help lists them)",
            error.Message);
    }

    [Theory]
    [InlineData("--models")]
    [InlineData("--data=")]
    [InlineData("--urls", "--Fracture:Server:ApiKey=k")]
    public void An_option_without_its_value_is_refused(params string[] args)
    {
        var error = Assert.Throws<ServerStartupException>(() => ServerCommandLine.Parse(args));

        Assert.StartsWith($"{args[0].Split('=')[0]} needs a value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_program_refuses_a_stray_argument_before_starting_anything()
    {
        Assert.Equal(1, await FractureServerApp.RunFromCommandLineAsync(["--port", "8080"]));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_recognised_among_other_arguments(string flag)
    {
        Assert.True(ServerCommandLine.AsksForHelp(["--data", "d", flag]));
        Assert.False(ServerCommandLine.AsksForHelp(["--data", "d"]));
        Assert.Contains("--models DIR", ServerCommandLine.Usage, StringComparison.Ordinal);
    }
}
