using Fracture.Core.Imaging;
using Fracture.Inference;
using Fracture.Server.Contracts;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>
/// <c>Fracture:Server:Iou</c>: the box model suppresses overlapping boxes of a class at that IoU (0.5 by default,
/// 0.7 as Ultralytics and `fracture predict` when set so); the verdict stays.
/// </summary>
public sealed class SuppressionSettingTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task The_findings_are_the_predictors_at_the_set_iou_and_the_verdict_is_the_same_at_either()
    {
        var bytes = File.ReadAllBytes(TestPaths.FixtureImages[0]);
        var byDefault = await PostAsync(bytes, null);
        var ultralytics = await PostAsync(bytes, "0.7");

        var boxModel = SharedModels.BoxModel;
        var decoded = ImageDecoder.Decode(bytes);
        List<Finding> At(double iou) => [.. boxModel.Predictor.Predict(decoded, new PredictSettings(Confidence: 0.01, Iou: iou)).Findings.OrderByDescending(f => f.Score)];
        Assert.Equal(0.5, new Options.ServerOptions().Iou);
        // The fixture's boxes at conf 0.01 overlap enough that 0.5 suppresses some 0.7 keeps: the setting shows.
        Assert.True(At(0.5).Count < At(0.7).Count, $"{At(0.5).Count} boxes at 0.5, {At(0.7).Count} at 0.7");
        Assert.Equal(At(0.5).Select(f => (f.ClassId, f.Score)), byDefault.Findings.Select(f => (f.ClassId, f.Confidence)));
        Assert.Equal(At(0.7).Select(f => (f.ClassId, f.Score)), ultralytics.Findings.Select(f => (f.ClassId, f.Confidence)));
        Assert.Equal(byDefault.Verdict.FractureSuspected, ultralytics.Verdict.FractureSuspected);
        Assert.Equal(byDefault.Verdict.Evidence, ultralytics.Verdict.Evidence);
    }

    public void Dispose() => _data.Dispose();

    private async Task<Prediction> PostAsync(byte[] bytes, string? iou)
    {
        using var factory = new ServerFactory(Path.Combine(_data.Path, iou ?? "default"), iou is null ? null : new() { ["Fracture:Server:Iou"] = iou });
        using var client = factory.CreateClient();
        using var response = await Uploads.PostAsync(client, bytes, task: "all", conf: "0.01");
        return await Uploads.ReadPredictionAsync(response);
    }
}
