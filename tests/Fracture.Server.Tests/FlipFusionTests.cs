using System.Net;
using System.Text.Json;
using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Server.Contracts;
using Fracture.Server.Storage;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary><c>Fracture:Server:FlipFusion</c>: the box model runs with test-time mirror fusion, the classifier as before.</summary>
public sealed class FlipFusionTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task With_flip_fusion_on_the_findings_are_the_fused_predictors_own()
    {
        using var factory = new ServerFactory(_data.Path, new() { ["Fracture:Server:FlipFusion"] = "true" });
        using var client = factory.CreateClient();
        var bytes = File.ReadAllBytes(TestPaths.FixtureImages[0]);

        using var response = await Uploads.PostAsync(client, bytes, task: "all", conf: "0.01");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var prediction = JsonSerializer.Deserialize<Prediction>(body, ServerJson.Options)!;

        var decoded = ImageDecoder.Decode(bytes);
        var boxModel = SharedModels.Catalog.For(ModelTask.Segment) ?? SharedModels.Catalog.For(ModelTask.Detect)!;
        var fused = boxModel.Predictor.Predict(decoded, new PredictSettings(Confidence: 0.01, FlipFusion: true)).Findings.OrderByDescending(f => f.Score).ToList();
        var plain = boxModel.Predictor.Predict(decoded, new PredictSettings(Confidence: 0.01)).Findings;

        // The fixture gives different findings with and without fusion, so matching the fused ones shows the option took.
        Assert.NotEqual(plain.Select(f => f.Score).Order(), fused.Select(f => f.Score).Order());
        Assert.Equal(fused.Select(f => (f.ClassId, f.Score, new FindingBox(f.Box.X1, f.Box.Y1, f.Box.X2, f.Box.Y2))), prediction.Findings.Select(f => (f.ClassId, f.Confidence, f.Box)));
        Assert.Equal(fused.Select(f => f.Polygon?.Select(p => new[] { p.X, p.Y })), prediction.Findings.Select(f => f.Outline));

        // The classifier mirrors inside its graph or not at all: its answer is unchanged.
        var classifier = SharedModels.Catalog.For(ModelTask.Classify)!;
        Assert.Equal(classifier.Predictor.Predict(decoded).Classification!.FractureProbability, prediction.Classification!.FractureProbability);
    }

    public void Dispose() => _data.Dispose();
}
