using System.Net;
using System.Text.Json;
using Fracture.Core.Models;
using Fracture.Server.Contracts;
using Fracture.Server.Storage;
using Fracture.Server.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Fracture.Server.Tests;

/// <summary>
/// Load and size limits, the API key, and failures inside a model: 413, 429, 504, 401 and 500, each as
/// ProblemDetails. "Busy" is made deterministic with a predictor held at a gate, never with sleeps, and a request
/// deadline with a fake clock that only the test moves.
/// </summary>
public sealed class LimitTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_file_over_the_upload_limit_is_413()
    {
        using var factory = Server(new() { ["Fracture:Server:MaxUploadBytes"] = "1000" });
        using var client = factory.CreateClient();
        using var response = await Uploads.PostAsync(client, new byte[5000]);
        Assert.Contains("1000 bytes", Problems.Detail(await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_too_large_for_a_small_image_and_a_large_field_blames_the_body_not_the_image()
    {
        using var factory = Server(new() { ["Fracture:Server:MaxUploadBytes"] = "100000" });
        using var client = factory.CreateClient();
        using var form = Uploads.Form(new byte[10_000]);
        form.Add(new StringContent(new string('x', 200_000)), "extra");
        using var response = await client.PostAsync(new Uri(Uploads.Endpoint, UriKind.Relative), form);
        var detail = Problems.Detail(await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge));
        Assert.StartsWith("the request body is ", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("the image must", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_whose_length_is_far_over_the_limit_is_413_before_it_is_read()
    {
        using var factory = Server(new() { ["Fracture:Server:MaxUploadBytes"] = "1000" });
        using var client = factory.CreateClient();
        using var response = await Uploads.PostAsync(client, new byte[200_000]);
        await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Sixteen_concurrent_requests_all_succeed_with_the_same_answers_as_one_at_a_time()
    {
        using var factory = Server();
        using var client = factory.CreateClient();
        var images = Enumerable.Range(0, 4).Select(i => File.ReadAllBytes(TestPaths.FixtureImages[i])).ToArray();
        var alone = new List<Prediction>();
        foreach (var image in images)
        {
            alone.Add(await Read(await Uploads.PostAsync(client, image)));
        }

        var together = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i => (Image: i % 4, Prediction: await Read(await Uploads.PostAsync(client, images[i % 4])))));
        foreach (var (image, prediction) in together)
        {
            Assert.Equal(Findings.Json(alone[image].Findings), Findings.Json(prediction.Findings));
            Assert.Equal(alone[image].Classification!.Probabilities, prediction.Classification!.Probabilities);
        }

        Assert.Equal(16, together.Select(t => t.Prediction.Id).Distinct().Count());
        var history = JsonSerializer.Deserialize<PredictionList>(await client.GetStringAsync(new Uri("/api/v1/predictions?limit=100", UriKind.Relative)), ServerJson.Options)!;
        Assert.Equal(20, history.Items.Count);

        // Four distinct images, stored once each however often they came.
        Assert.Equal(4, Directory.EnumerateFiles(Path.Combine(_data.Path, "images"), "*.jpg", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public async Task A_full_queue_answers_429_and_the_queued_request_still_succeeds()
    {
        var (factory, classifier) = GatedServer(new() { ["Fracture:Server:MaxConcurrentPredictions"] = "1", ["Fracture:Server:QueueLimit"] = "1" });
        using var server = factory;
        using var client = factory.CreateClient();
        var image = File.ReadAllBytes(TestPaths.FixtureImages[0]);

        var running = Uploads.PostAsync(client, image, task: "classify");
        await classifier.WaitForCallAsync();

        // One slot busy, one place in the queue: of two more requests one waits and the other is turned away at once.
        var second = Uploads.PostAsync(client, image, task: "classify");
        var third = Uploads.PostAsync(client, image, task: "classify");
        var rejected = await await Task.WhenAny(second, third);
        var problem = await Problems.AssertProblemAsync(rejected, HttpStatusCode.TooManyRequests);
        Assert.Equal("1", rejected.Headers.RetryAfter?.ToString());
        Assert.Contains("queue", Problems.Detail(problem), StringComparison.Ordinal);

        classifier.Open();
        var queued = rejected == await second ? await third : await second;
        Assert.Equal(HttpStatusCode.Created, (await running).StatusCode);
        Assert.Equal(HttpStatusCode.Created, queued.StatusCode);
    }

    [Fact]
    public async Task A_prediction_past_the_request_timeout_is_504()
    {
        var (factory, classifier) = GatedServer(new() { ["Fracture:Server:RequestTimeoutSeconds"] = "0.2" });
        using var server = factory;
        using var client = factory.CreateClient();
        try
        {
            // The gate stays shut until the answer is in, so the timeout is the only way out.
            var posted = Uploads.PostAsync(client, File.ReadAllBytes(TestPaths.FixtureImages[0]), task: "classify");
            await classifier.WaitForCallAsync();
            using var response = await PastTheDeadlineAsync(posted, 0.2);
            Assert.Contains("0.2 s", Problems.Detail(await Problems.AssertProblemAsync(response, HttpStatusCode.GatewayTimeout)), StringComparison.Ordinal);
        }
        finally
        {
            classifier.Open();
        }
    }

    [Fact]
    public async Task A_timed_out_prediction_keeps_its_slot_until_its_model_returns_and_stores_nothing()
    {
        // The deadline is on the fake clock, so the third request finishes however slow the machine (a real 0.5 s
        // deadline timed it out once in a clean-clone CI run beside other work).
        var (factory, classifier) = GatedServer(new() { ["Fracture:Server:MaxConcurrentPredictions"] = "1", ["Fracture:Server:RequestTimeoutSeconds"] = "2" });
        using var server = factory;
        using var client = factory.CreateClient();
        var image = File.ReadAllBytes(TestPaths.FixtureImages[0]);
        try
        {
            var posted = Uploads.PostAsync(client, image, task: "classify");
            await classifier.WaitForCallAsync();
            using var first = await PastTheDeadlineAsync(posted, 2);
            await Problems.AssertProblemAsync(first, HttpStatusCode.GatewayTimeout);

            // The first model still runs (held at the gate) though its request is over: the one slot is its, so the
            // second request waits for it, never predicts beside it, and times out in the queue.
            using var second = await PastTheDeadlineAsync(Uploads.PostAsync(client, image, task: "classify"), 2);
            await Problems.AssertProblemAsync(second, HttpStatusCode.GatewayTimeout);
            Assert.Equal(1, classifier.Calls);
        }
        finally
        {
            classifier.Open();
        }

        // Once the held model returns its slot is free again; neither request that got 504 left a prediction.
        var third = await Read(await Uploads.PostAsync(client, image, task: "classify"));
        Assert.Equal(2, classifier.Calls);
        var history = JsonSerializer.Deserialize<PredictionList>(await client.GetStringAsync(new Uri("/api/v1/predictions", UriKind.Relative)), ServerJson.Options)!;
        Assert.Equal([third.Id], history.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task A_timeout_stops_the_running_model_and_frees_its_slot()
    {
        var (factory, classifier) = GatedServer(new() { ["Fracture:Server:MaxConcurrentPredictions"] = "1", ["Fracture:Server:RequestTimeoutSeconds"] = "0.5" }, stopsWhenCancelled: true);
        using var server = factory;
        using var client = factory.CreateClient();
        var image = File.ReadAllBytes(TestPaths.FixtureImages[0]);
        try
        {
            var posted = Uploads.PostAsync(client, image, task: "classify");
            await classifier.WaitForCallAsync();
            using var first = await PastTheDeadlineAsync(posted, 0.5);
            await Problems.AssertProblemAsync(first, HttpStatusCode.GatewayTimeout);

            // The gate stays shut: only the deadline's token, passed down to the model, ends the first call. The
            // second request then gets the one slot and reaches the model (it would never arrive if the first
            // still held the slot), and times out there in turn.
            posted = Uploads.PostAsync(client, image, task: "classify");
            await classifier.WaitForCallAsync();
            using var second = await PastTheDeadlineAsync(posted, 0.5);
            await Problems.AssertProblemAsync(second, HttpStatusCode.GatewayTimeout);
            Assert.Equal(2, classifier.Calls);
        }
        finally
        {
            classifier.Open();
        }

        var history = JsonSerializer.Deserialize<PredictionList>(await client.GetStringAsync(new Uri("/api/v1/predictions", UriKind.Relative)), ServerJson.Options)!;
        Assert.Empty(history.Items);
    }

    [Fact]
    public async Task The_pngs_of_a_stored_prediction_take_a_prediction_slot_too()
    {
        var image = File.ReadAllBytes(TestPaths.FixtureImages[0]);
        Prediction stored;
        using (var plain = Server())
        using (var plainClient = plain.CreateClient())
        {
            stored = await Read(await Uploads.PostAsync(plainClient, image, task: "classify"));
        }

        var (factory, classifier) = GatedServer(new() { ["Fracture:Server:MaxConcurrentPredictions"] = "1", ["Fracture:Server:QueueLimit"] = "0" });
        using var server = factory;
        using var client = factory.CreateClient();
        var running = Uploads.PostAsync(client, image, task: "classify");
        await classifier.WaitForCallAsync();
        try
        {
            using var busy = await Uploads.GetAsync(client, stored.Links.Annotated);
            await Problems.AssertProblemAsync(busy, HttpStatusCode.TooManyRequests);
        }
        finally
        {
            classifier.Open();
        }

        using var done = await running;
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        using var free = await Uploads.GetAsync(client, stored.Links.Annotated);
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
    }

    [Fact]
    public async Task A_slow_upload_holds_no_prediction_slot()
    {
        // Real Kestrel, which hands a request to the pipeline once its headers are in, while the body still streams.
        using var factory = Server(new() { ["Fracture:Server:MaxConcurrentPredictions"] = "1", ["Fracture:Server:QueueLimit"] = "0" });
        factory.StartOnLoopback();
        using var client = factory.CreateClient();

        // A plain client for the slow one: the factory's redirect handler would buffer the whole body before sending.
        using var plain = new HttpClient { BaseAddress = client.BaseAddress };
        var image = File.ReadAllBytes(TestPaths.FixtureImages[0]);
        using var form = Uploads.Form(image, task: "classify");
        form.Add(new ByteArrayContent(new byte[2 * 1024 * 1024]), "padding", "padding.bin");
        using var slow = new StalledContent(await form.ReadAsByteArrayAsync(), form.Headers.ContentType);
        var slowResponse = plain.PostAsync(new Uri(Uploads.Endpoint, UriKind.Relative), slow);
        await slow.HalfSent.WaitAsync(TimeSpan.FromMinutes(1));
        try
        {
            // One slot, no queue, a client stuck mid-upload: a whole upload still gets the slot (were it held: 429).
            using var fast = await Uploads.PostAsync(client, image, task: "classify");
            Assert.Equal(HttpStatusCode.Created, fast.StatusCode);
            Assert.False(slowResponse.IsCompleted);
        }
        finally
        {
            slow.Resume();
        }

        using var done = await slowResponse;
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
    }

    [Fact]
    public async Task A_model_that_fails_is_a_500_problem_that_names_the_model_and_hides_the_exception()
    {
        var catalog = SharedModels.Wrapped(m => m.Task == ModelTask.Detect ? new FailingPredictor(m.Metadata) : m.Predictor);
        using var factory = Server(catalog: catalog);
        using var client = factory.CreateClient();
        using var response = await Uploads.PostAsync(client, File.ReadAllBytes(TestPaths.FixtureImages[0]), task: "detect");
        var body = await response.Content.ReadAsStringAsync();
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Contains("fracture-detector", Problems.Detail(problem), StringComparison.Ordinal);
        Assert.DoesNotContain(FailingPredictor.Secret, body, StringComparison.Ordinal);

        // Nothing half-done is stored.
        Assert.Contains("\"items\":[]", await client.GetStringAsync(new Uri("/api/v1/predictions", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_api_key_configured_the_api_needs_it_and_the_probes_and_page_do_not()
    {
        using var factory = Server(new() { ["Fracture:Server:ApiKey"] = "s3cret-key" });
        using var client = factory.CreateClient();

        using var missing = await Uploads.GetAsync(client, "/api/v1/models");
        Assert.Contains("X-Api-Key", Problems.Detail(await Problems.AssertProblemAsync(missing, HttpStatusCode.Unauthorized)), StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", missing.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models") { Headers = { { "X-Api-Key", "s3cret-kez" } } };
        await Problems.AssertProblemAsync(await client.SendAsync(wrong), HttpStatusCode.Unauthorized);

        using var upload = new HttpRequestMessage(HttpMethod.Post, Uploads.Endpoint) { Content = Uploads.Form(File.ReadAllBytes(TestPaths.FixtureImages[0])) };
        await Problems.AssertProblemAsync(await client.SendAsync(upload), HttpStatusCode.Unauthorized);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models") { Headers = { { "X-Api-Key", "s3cret-key" } } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right)).StatusCode);

        foreach (var open in new[] { "/healthz", "/readyz", "/", "/openapi/v1.json" })
        {
            Assert.Equal(HttpStatusCode.OK, (await Uploads.GetAsync(client, open)).StatusCode);
        }
    }

    private ServerFactory Server(Dictionary<string, string?>? settings = null, Models.ModelCatalog? catalog = null) =>
        new(_data.Path, settings, catalog);

    /// <summary>A server whose models all wait at a gate; the classifier's gate is returned (the tests post task=classify).</summary>
    private (ServerFactory Factory, GatedPredictor Classifier) GatedServer(Dictionary<string, string?> settings, bool stopsWhenCancelled = false)
    {
        var gate = new Dictionary<string, GatedPredictor>();
        var catalog = SharedModels.Wrapped(m => gate[m.Id] = new GatedPredictor(m.Predictor, stopsWhenCancelled));
        return (new ServerFactory(_data.Path, settings, catalog, time: _time), gate["fracture-classifier"]);
    }

    /// <summary>
    /// Moves the fake clock on by the request timeout until the answer comes: a request starts its deadline when it
    /// reaches the endpoint, a moment a queued one does not show, and the clock never runs out by itself.
    /// </summary>
    private async Task<HttpResponseMessage> PastTheDeadlineAsync(Task<HttpResponseMessage> response, double timeoutSeconds)
    {
        while (!response.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(timeoutSeconds));
            await Task.WhenAny(response, Task.Delay(10));
        }

        return await response;
    }

    private static async Task<Prediction> Read(HttpResponseMessage response)
    {
        using (response)
        {
            return await Uploads.ReadPredictionAsync(response);
        }
    }
}
