using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference.Tests.Support;

namespace Fracture.Inference.Tests;

/// <summary>
/// The models in models/ are what a fresh clone runs: each opens from its own metadata, carries its card, stays under
/// the 30 MB limit for shipped files, and predicts on the fixture X-rays with results inside the image.
/// </summary>
public sealed class ShippedModelTests
{
    private const long MaxShippedBytes = 30_000_000;

    [Theory]
    [InlineData("fracture-classifier.onnx", ModelTask.Classify)]
    [InlineData("fracture-detector.onnx", ModelTask.Detect)]
    [InlineData("fracture-segmenter.onnx", ModelTask.Segment)]
    public void A_shipped_model_opens_has_a_card_and_predicts_on_the_fixtures(string file, ModelTask task)
    {
        var path = Path.Combine(ModelsFolder(), file);
        Assert.True(new FileInfo(path).Length < MaxShippedBytes, $"{file} is {new FileInfo(path).Length} bytes");
        Assert.True(File.Exists(Path.ChangeExtension(path, ".card.json")), "card JSON");
        Assert.True(File.Exists(Path.ChangeExtension(path, ".card.md")), "card markdown");

        using var predictor = Predictor.Open(path);
        Assert.Equal(task, predictor.Metadata.Task);
        Assert.True(predictor.Metadata.IsFracture);
        Assert.NotNull(predictor.Metadata.Threshold);

        foreach (var image in TestImages.Fixtures().Take(4).Select(p => ImageDecoder.Decode(p)))
        {
            var prediction = predictor.Predict(image);
            Assert.Equal((image.Width, image.Height), (prediction.Width, prediction.Height));
            if (task == ModelTask.Classify)
            {
                var scores = prediction.Classification!;
                Assert.Equal(7, scores.Probabilities.Count);
                Assert.Equal(1.0, scores.Probabilities.Sum(), 3);
                Assert.Equal(1 - scores.Probabilities[0], scores.FractureProbability!.Value, 6);
            }
            else
            {
                Assert.All(prediction.Findings, f =>
                {
                    Assert.InRange(f.Box.X1, 0, image.Width);
                    Assert.InRange(f.Box.X2, f.Box.X1, image.Width);
                    Assert.InRange(f.Box.Y1, 0, image.Height);
                    Assert.InRange(f.Box.Y2, f.Box.Y1, image.Height);
                    Assert.True(f.Score >= predictor.Metadata.Threshold!.Value);

                    // A segmenter's outline lies in the image and, as its mask is cut to the box, in the box
                    // (pixel corners: up to one pixel past the box's fractional edges).
                    Assert.Equal(task == ModelTask.Segment, f.Polygon is not null);
                    Assert.All(f.Polygon ?? [], p =>
                    {
                        Assert.InRange(p.X, Math.Floor(f.Box.X1), Math.Min(image.Width, Math.Ceiling(f.Box.X2) + 1));
                        Assert.InRange(p.Y, Math.Floor(f.Box.Y1), Math.Min(image.Height, Math.Ceiling(f.Box.Y2) + 1));
                    });
                });
            }
        }
    }

    internal static string ModelsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var models = Path.Combine(dir.FullName, "models");
            if (File.Exists(Path.Combine(dir.FullName, "Fracture.slnx")) && Directory.Exists(models))
            {
                return models;
            }
        }

        throw new DirectoryNotFoundException("models/ beside Fracture.slnx");
    }
}
