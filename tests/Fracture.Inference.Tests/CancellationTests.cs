using Fracture.Core.Imaging;
using Fracture.Inference.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace Fracture.Inference.Tests;

/// <summary>
/// A cancelled call stops: before the model when the token is already cancelled, and through ONNX Runtime's terminate
/// flag once the run has it (the server's request deadline relies on it to free its slot). The shared session stays
/// usable afterwards.
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
    public void Cancelling_a_run_sets_its_terminate_flag_and_the_session_serves_the_next_call()
    {
        using var predictor = (Predictor)Predictor.Open(Path.Combine(ShippedModelTests.ModelsFolder(), "fracture-segmenter.onnx"));
        var image = ImageDecoder.Decode(TestImages.Fixtures()[0]);
        var expected = predictor.Predict(image);
        using var cancellation = new CancellationTokenSource();

        // Cancelled once the token is tied to the run and before ONNX Runtime starts (no race with a timer): only
        // the terminate flag can end the call now, and ONNX Runtime checks it at the start and between operators.
        predictor.BeforeCancellableRun = cancellation.Cancel;
        var error = Assert.ThrowsAny<OperationCanceledException>(() => predictor.Predict(image, cancellation: cancellation.Token));
        predictor.BeforeCancellableRun = null;

        Assert.IsType<OnnxRuntimeException>(error.InnerException);
        Assert.Equal(cancellation.Token, error.CancellationToken);
        var after = predictor.Predict(image, cancellation: CancellationToken.None);
        Assert.Equal(expected.Findings.Select(f => (f.ClassId, f.Score, f.Box)), after.Findings.Select(f => (f.ClassId, f.Score, f.Box)));
        using var live = new CancellationTokenSource();
        Assert.Equal(expected.Findings.Count, predictor.Predict(image, cancellation: live.Token).Findings.Count);
    }

    [Fact]
    public void A_call_cancelled_after_its_run_stops_before_building_the_outlines()
    {
        using var predictor = (Predictor)Predictor.Open(Path.Combine(ShippedModelTests.ModelsFolder(), "fracture-segmenter.onnx"));
        var image = ImageDecoder.Decode(TestImages.Fixtures()[0]);
        using var cancellation = new CancellationTokenSource();
        predictor.AfterRun = cancellation.Cancel;

        Assert.ThrowsAny<OperationCanceledException>(() => predictor.Predict(image, new PredictSettings(Confidence: 0.01), cancellation.Token));
    }

    [Fact]
    public void Disposing_during_a_run_lets_the_run_finish_and_then_refuses_calls()
    {
        using var predictor = (Predictor)Predictor.Open(Path.Combine(ShippedModelTests.ModelsFolder(), "fracture-detector.onnx"));
        var image = ImageDecoder.Decode(TestImages.Fixtures()[0]);
        var expected = predictor.Predict(image);

        // As a host stopping while a timed-out request's model still runs: the session must outlive that run.
        predictor.BeforeCancellableRun = predictor.Dispose;
        using var live = new CancellationTokenSource();
        var during = predictor.Predict(image, cancellation: live.Token);

        Assert.Equal(expected.Findings.Select(f => (f.ClassId, f.Score, f.Box)), during.Findings.Select(f => (f.ClassId, f.Score, f.Box)));
        Assert.Throws<ObjectDisposedException>(() => predictor.Predict(image));
    }
}
