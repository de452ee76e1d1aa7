using Fracture.Core.Models;
using Fracture.Inference.Tests.Support;

namespace Fracture.Inference.Tests;

/// <summary>
/// The benchmark hook: <see cref="Predictor.PrepareInput"/> then <see cref="Predictor.RunPrepared"/> runs the model
/// alone on the input a prediction would give it and returns the raw output. The classifier's logits are (0, 4 x the
/// input's mean), softmaxed in the graph: a white image (mean 1) gives (1, e^4) / (1 + e^4), a black one (1/2, 1/2).
/// </summary>
public sealed class PreparedRunTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_prepared_batch_runs_to_the_raw_output_rows_in_image_order()
    {
        using var predictor = OpenClassifier();
        var white = TestImages.Solid(32, 32, 255);
        var black = TestImages.Solid(32, 32, 0);

        var input = predictor.PrepareInput([white, black]);
        var output = predictor.RunPrepared(input, 2);

        Assert.Equal(2 * 3 * 32 * 32, input.Length);
        var e4 = Math.Exp(4);
        Assert.Equal(4, output.Length);
        Assert.Equal(1 / (1 + e4), output[0], 1e-6);
        Assert.Equal(e4 / (1 + e4), output[1], 1e-6);
        Assert.Equal(0.5, output[2], 1e-6);
        Assert.Equal(0.5, output[3], 1e-6);
        Assert.Equal(predictor.Predict(white).Classification!.Probabilities[1], output[1], 1e-6);
    }

    [Fact]
    public void An_input_that_is_not_the_batch_it_claims_is_refused()
    {
        using var predictor = OpenClassifier();
        var input = predictor.PrepareInput([TestImages.Solid(32, 32, 255)]);

        var error = Assert.Throws<ArgumentException>(() => predictor.RunPrepared(input, 2));

        Assert.StartsWith("3072 floats are not a batch of 2 the model takes (3072 floats per image, batch any)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_runtime_version_is_reported()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+", Predictor.RuntimeVersion);
    }

    private Predictor OpenClassifier()
    {
        var metadata = new ModelMetadata { Task = ModelTask.Classify, Names = ["no fracture", "fracture"], InputHeight = 32, InputWidth = 32, IsFracture = true };
        return (Predictor)TestModels.Open(_folder, TestModels.Classify(32, [0, 0], true, TestModels.Fracture(metadata), gain: [0, 4]));
    }
}
