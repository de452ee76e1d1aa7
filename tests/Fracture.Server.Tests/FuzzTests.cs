using System.Net;
using Fracture.Server.Tests.Support;
using Xunit.Abstractions;

namespace Fracture.Server.Tests;

/// <summary>
/// Thousands of malformed uploads: every one is answered with a 4xx ProblemDetails, the server keeps answering its
/// health probe, and the managed heap is no larger afterwards than a generous fixed bound above where it started.
/// </summary>
[Collection(HeapMeasuredTests.Name)]
public sealed class FuzzTests(ITestOutputHelper output) : ServerTestBase
{
    private const int Seed = 20261128;
    private const int Bodies = 2400;
    private const int Workers = 4;
    private const long HeapGrowthBound = 64L * 1024 * 1024;

    [Fact]
    public async Task Malformed_and_random_uploads_are_all_4xx_and_the_server_stays_up_with_bounded_memory()
    {
        var inputs = new MalformedInputs(6);

        // Warm up (first requests load code and pools), then measure from a collected heap.
        for (var i = 0; i < 16; i++)
        {
            using var warm = await Uploads.PostAsync(Client, inputs.Make(Seed + 1, i).Body);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var statuses = new int[Bodies];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < Bodies; i = Interlocked.Increment(ref next))
            {
                var (kind, body) = inputs.Make(Seed, i);
                using var response = await Uploads.PostAsync(Client, body, $"fuzz-{i}.jpg");
                statuses[i] = (int)response.StatusCode;
                Assert.True(statuses[i] is >= 400 and < 500, $"body {i} ({kind}, {body.Length} bytes) got {statuses[i]}: {await response.Content.ReadAsStringAsync()}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                if (i % 200 == 0)
                {
                    using var health = await Uploads.GetAsync(Client, "/healthz");
                    Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                }
            }
        }));

        var after = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var group in statuses.GroupBy(s => s).OrderBy(g => g.Key))
        {
            output.WriteLine($"{group.Key}: {group.Count()}");
        }

        output.WriteLine($"managed heap {before / 1048576.0:F1} MB -> {after / 1048576.0:F1} MB");
        Assert.True(after - before < HeapGrowthBound, $"managed heap grew by {(after - before) / 1048576.0:F1} MB");
        Assert.Equal(HttpStatusCode.OK, (await Uploads.GetAsync(Client, "/healthz")).StatusCode);
        Assert.Contains("\"items\":[]", await Client.GetStringAsync(new Uri("/api/v1/predictions", UriKind.Relative)), StringComparison.Ordinal);

        // Each kind of refusal happened: 415 (not an image), 422 (undecodable or too large).
        Assert.Contains(415, statuses);
        Assert.Contains(422, statuses);
    }
}
