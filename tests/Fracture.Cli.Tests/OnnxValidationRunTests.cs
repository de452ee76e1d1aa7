using Fracture.Cli.Tests.Support;
using Fracture.Cli.Validation;
using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;

namespace Fracture.Cli.Tests;

/// <summary>
/// `val --model` leaves out, and names, an image the model refuses or a file that ends early, and scores the rest,
/// as `predict` does; a model that refuses every image is one error.
/// </summary>
public sealed class OnnxValidationRunTests : IDisposable
{
    private static readonly string[] Names = ["a", "b"];
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void An_image_the_model_refuses_is_left_out_by_name_and_the_others_predicted(int batch)
    {
        var images = ValImages();
        var refusedSize = SizeAsDecoded(images[0]);
        var predictor = new FakePredictor(FakePredictor.Detector(Names), image =>
            (image.Width, image.Height) == refusedSize
                ? throw new ModelFormatException("fake.onnx", "the model computed NaN or infinite values for this image")
                : new ImagePrediction(ModelTask.Detect, image.Width, image.Height, []));
        using var run = OnnxValidationRun.With("fake.onnx", predictor, ModelTask.Detect, RepoPaths.FixtureYaml, null, (_, _) => Names);

        var predictions = run.Predict("valid", batch, new PredictSettings(), progress: null);

        var refused = images.Where(i => SizeAsDecoded(i) == refusedSize).ToList();
        Assert.Equal(images.Except(refused), predictions.Select(p => p.Item.ImagePath));
        Assert.Equal(refused.Select(i => $"{i}: the model could not predict it (fake.onnx: the model computed NaN or infinite values for this image)"), run.Skipped);
    }

    [Fact]
    public void A_model_that_refuses_every_image_is_one_error()
    {
        var predictor = new FakePredictor(FakePredictor.Detector(Names), _ => throw new ModelFormatException("fake.onnx", "wrong output"));
        using var run = OnnxValidationRun.With("fake.onnx", predictor, ModelTask.Detect, RepoPaths.FixtureYaml, null, (_, _) => Names);

        var error = Assert.Throws<Core.FractureException>(() => run.Predict("valid", 4, new PredictSettings(), progress: null));

        Assert.StartsWith("no image of split valid could be predicted; the first: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_ends_early_is_left_out_by_name()
    {
        foreach (var folder in new[] { "images", "labels" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.FixtureRoot, "valid", folder)))
            {
                File.Copy(file, _temp.File(Path.Combine("valid", folder, Path.GetFileName(file))));
            }
        }

        var cut = Directory.EnumerateFiles(Path.Combine(_temp.Path, "valid", "images")).Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(cut);
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 5)]);
        var yaml = _temp.Write("data.yaml", "path: .\ntrain: valid/images\nval: valid/images\nnc: 7\n");
        var predictor = new FakePredictor(FakePredictor.Detector(Names), image => new ImagePrediction(ModelTask.Detect, image.Width, image.Height, []));
        using var run = OnnxValidationRun.With("fake.onnx", predictor, ModelTask.Detect, yaml, null, (_, _) => Names);

        var predictions = run.Predict("valid", 4, new PredictSettings(), progress: null);

        Assert.Equal(2, predictions.Count);
        var skipped = Assert.Single(run.Skipped);
        Assert.StartsWith($"{cut}: not decodable (", skipped, StringComparison.Ordinal);
        Assert.Contains("end", skipped, StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> ValImages() =>
        [.. Directory.EnumerateFiles(Path.Combine(RepoPaths.FixtureRoot, "valid", "images")).Order(StringComparer.Ordinal)];

    /// <summary>The size the run decodes an image to for the fake detector's 64 px input.</summary>
    private static (int Width, int Height) SizeAsDecoded(string path)
    {
        var image = ImageDecoder.Decode(path, new DecodeOptions(PixelFormat.Gray8, MaxSide: 64));
        return (image.Width, image.Height);
    }
}
