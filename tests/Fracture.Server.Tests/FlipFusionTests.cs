using System.Net;
using System.Text.Json;
using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Server.Contracts;
using Fracture.Server.Storage;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>
/// Test-time mirror fusion: the server's default (<c>Fracture:Server:FlipFusion</c>) and a request's
/// <c>flipFusion</c> field, which overrides it. The box model runs fused, the classifier as before, and the stored
/// prediction says which model ran fused.
/// </summary>
public sealed class FlipFusionTests : IDisposable
{
    private static readonly byte[] Xray = File.ReadAllBytes(TestPaths.FixtureImages[0]);
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task With_flip_fusion_on_the_findings_are_the_fused_predictors_own()
    {
        using var factory = new ServerFactory(_data.Path, new() { ["Fracture:Server:FlipFusion"] = "true" });
        using var client = factory.CreateClient();

        var prediction = await PostAsync(client);

        var (fused, plain) = BoxModelFindings();
        // The fixture gives different findings with and without fusion, so matching the fused ones shows the option took.
        Assert.NotEqual(plain.Select(f => f.Score).Order(), fused.Select(f => f.Score).Order());
        AssertFindings(fused, prediction);

        // The classifier mirrors inside its graph or not at all: its answer is unchanged.
        var classifier = SharedModels.Catalog.For(ModelTask.Classify)!;
        Assert.Equal(classifier.Predictor.Predict(ImageDecoder.Decode(Xray)).Classification!.FractureProbability, prediction.Classification!.FractureProbability);
        AssertFusedModels(prediction, fused: true);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("on")]
    [InlineData("1")]
    public async Task A_request_asking_for_fusion_gets_it_on_a_server_whose_default_is_off(string value)
    {
        using var factory = new ServerFactory(_data.Path);
        using var client = factory.CreateClient();

        var prediction = await PostAsync(client, value);

        AssertFindings(BoxModelFindings().Fused, prediction);
        AssertFusedModels(prediction, fused: true);
    }

    [Fact]
    public async Task A_request_turning_fusion_off_gets_the_plain_findings_on_a_server_whose_default_is_on()
    {
        using var factory = new ServerFactory(_data.Path, new() { ["Fracture:Server:FlipFusion"] = "true" });
        using var client = factory.CreateClient();

        var prediction = await PostAsync(client, "false");

        AssertFindings(BoxModelFindings().Plain, prediction);
        AssertFusedModels(prediction, fused: false);
    }

    [Fact]
    public async Task The_query_field_works_as_the_form_field_and_the_stored_prediction_keeps_the_flag()
    {
        using var factory = new ServerFactory(_data.Path);
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(new Uri(Uploads.Endpoint + "?flipFusion=yes&conf=0.01", UriKind.Relative), Uploads.Form(Xray, task: "all"));
        var created = await Uploads.ReadPredictionAsync(response);
        AssertFusedModels(created, fused: true);

        using var stored = await Uploads.GetAsync(client, created.Links.Self);
        var reread = await Uploads.ReadPredictionAsync(stored, HttpStatusCode.OK);
        Assert.Equal(created.Models, reread.Models);
        Assert.Equal(created.Findings.Select(f => (f.Confidence, f.Box)), reread.Findings.Select(f => (f.Confidence, f.Box)));
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("2")]
    public async Task A_flip_fusion_value_that_is_not_a_boolean_is_a_400_and_stores_nothing(string value)
    {
        using var factory = new ServerFactory(_data.Path);
        using var client = factory.CreateClient();

        using var response = await Uploads.PostAsync(client, Xray, task: "all", flipFusion: value);

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Bad flipFusion", problem.GetProperty("title").GetString());
        Assert.Contains($"'{value}'", Problems.Detail(problem), StringComparison.Ordinal);
        using var list = await Uploads.GetAsync(client, "/api/v1/predictions");
        Assert.Equal(0, JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task The_model_list_says_whether_box_models_run_fused_by_default(string? setting, bool expected)
    {
        using var factory = new ServerFactory(_data.Path, setting is null ? null : new() { ["Fracture:Server:FlipFusion"] = setting });
        using var client = factory.CreateClient();

        using var response = await Uploads.GetAsync(client, "/api/v1/models");

        var list = JsonSerializer.Deserialize<ModelList>(await response.Content.ReadAsStringAsync(), ServerJson.Options)!;
        Assert.Equal(expected, list.FlipFusion);
        Assert.NotEmpty(list.Models);
    }

    [Fact]
    public void A_prediction_stored_before_the_field_existed_reads_as_not_fused()
    {
        // The models entry of a prediction stored before flipFusion was recorded: the server then ran without fusion
        // unless its setting said otherwise, and the setting's default was off.
        const string Old = """{"id":"m","task":"segment","version":"1","sha256":"abc"}""";

        var model = JsonSerializer.Deserialize<ModelVersion>(Old, ServerJson.Options)!;

        Assert.Equal(new ModelVersion("m", "segment", "1", "abc", FlipFusion: false), model);
    }

    public void Dispose() => _data.Dispose();

    private static async Task<Prediction> PostAsync(HttpClient client, string? flipFusion = null)
    {
        using var response = await Uploads.PostAsync(client, Xray, task: "all", conf: "0.01", flipFusion: flipFusion);
        return await Uploads.ReadPredictionAsync(response);
    }

    private static void AssertFindings(IReadOnlyList<Finding> expected, Prediction prediction)
    {
        Assert.Equal(expected.Select(f => (f.ClassId, f.Score, new FindingBox(f.Box.X1, f.Box.Y1, f.Box.X2, f.Box.Y2))), prediction.Findings.Select(f => (f.ClassId, f.Confidence, f.Box)));
        Assert.Equal(expected.Select(f => f.Polygon?.Select(p => new[] { p.X, p.Y })), prediction.Findings.Select(f => f.Outline));
    }

    /// <summary>The box model is recorded as fused or not; the classifier never is.</summary>
    private static void AssertFusedModels(Prediction prediction, bool fused)
    {
        Assert.Equal(2, prediction.Models.Count);
        Assert.All(prediction.Models, m => Assert.Equal(fused && m.Task != "classify", m.FlipFusion));
    }

    /// <summary>The box model's own findings on the fixture at conf 0.01, with and without fusion, most confident first.</summary>
    private static (IReadOnlyList<Finding> Fused, IReadOnlyList<Finding> Plain) BoxModelFindings()
    {
        var model = SharedModels.BoxModel;
        var decoded = ImageDecoder.Decode(Xray);
        List<Finding> Run(bool flip) => [.. model.Predictor.Predict(decoded, new PredictSettings(Confidence: 0.01, Iou: new Options.ServerOptions().Iou, FlipFusion: flip)).Findings.OrderByDescending(f => f.Score)];
        return (Run(true), Run(false));
    }
}
