using Fracture.Server.Hosting;

namespace Fracture.Server.Tests;

/// <summary>Addresses are checked before the host starts, so a bad one is a one-line refusal, not Kestrel's stack trace.</summary>
public class ListenAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("https://localhost:8443/")]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:8080;http://[::1]:8081")]
    [InlineData("http://+")]
    [InlineData("HTTP://example.org:65535")]
    public void Addresses_kestrel_takes_pass(string urls)
    {
        ListenAddresses.Check(urls, "--urls");
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "an address starts with http:// or https://")]
    [InlineData("ftp://127.0.0.1:21", "an address starts with http:// or https://")]
    [InlineData("http://127.0.0.1:99999", "port '99999' is not a number from 0 to 65535")]
    [InlineData("http://127.0.0.1:80a", "port '80a' is not a number from 0 to 65535")]
    [InlineData("http://127.0.0.1:", "the port is missing after ':'")]
    [InlineData("http://:8080", "the host is missing")]
    [InlineData("http://[::1:8080", "an IPv6 host needs its closing ']'")]
    public void A_malformed_address_is_refused_naming_it_and_why(string url, string why)
    {
        var error = Assert.Throws<ServerStartupException>(() => ListenAddresses.Check($"http://127.0.0.1:5080;{url}", "--urls"));

        Assert.Equal($"cannot listen on '{url}' (--urls): {why}; e.g. http://127.0.0.1:5080 or http://0.0.0.0:8080", error.Message);
    }

    [Fact]
    public async Task The_server_refuses_a_bad_address_with_exit_code_1_before_loading_anything()
    {
        Assert.Equal(1, await FractureServerApp.RunAsync([], new ServerOverrides(Urls: "127.0.0.1:8080")));
    }
}
