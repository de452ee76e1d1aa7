using Fracture.Core.Imaging;
using Fracture.Inference.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace Fracture.Inference.Tests;

/// <summary>
/// A cancelled call stops: before the model when the token is already cancelled, and inside a run in progress
/// through ONNX Runtime's terminate flag (the server's request deadline relies on it to free its slot). The shared
/// session stays usable afterwards.
/// </summary>
public sealed class CancellationTests
{
    [Fact]
    public void An_already_cancelled_call_runs_nothing()
    {
        using var predictor = Predictor.Open(Path.Combine(ShippedModelTests.ModelsFolder(), "fracture-detector.onnx"));
        var image = ImageDecoder.Decode(TestImages.Fixtures()[0]);

        var error = Assert.ThrowsAny<OperationCanceledException>(() => predictor.Predict(image, cancellation: new CancellationToken(canceled: true)));

        Assert.Null(error.InnerException);
    }

    [Fact]
    public void Cancelling_stops_a_run_in_progress_and_the_session_serves_the_next_call()
    {
        using var predictor = Predictor.Open(Path.Combine(ShippedModelTests.ModelsFolder(), "fracture-segmenter.onnx"));
        var fixtures = TestImages.Fixtures().Take(2).Select(p => ImageDecoder.Decode(p)).ToArray();

        // One run of 16 images at 416 px takes seconds on a CPU; their letterboxing takes milliseconds, so the token
        // fires while ONNX Runtime computes, and only its terminate flag can end the call early.
        var batch = Enumerable.Range(0, Predictor.MaxBatch).Select(i => fixtures[i % fixtures.Length]).ToArray();
        var expected = predictor.Predict(fixtures[0]);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = Assert.ThrowsAny<OperationCanceledException>(() => predictor.PredictBatch(batch, cancellation: cancellation.Token));

        Assert.IsType<OnnxRuntimeException>(error.InnerException);
        Assert.Equal(cancellation.Token, error.CancellationToken);
        var after = predictor.Predict(fixtures[0]);
        Assert.Equal(expected.Findings.Select(f => (f.ClassId, f.Score, f.Box)), after.Findings.Select(f => (f.ClassId, f.Score, f.Box)));
    }
}
