using Fracture.Cli.Tests.Support;
using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;

namespace Fracture.Cli.Tests;

/// <summary>`fracture predict` skips a blank image with its reason instead of handing it to the model.</summary>
public sealed class PredictBlankImageTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_blank_image_is_skipped_with_its_reason_and_the_others_predicted()
    {
        var blank = _temp.File("in/blank.png");
        File.WriteAllBytes(blank, ImageEncoder.EncodePng(new DecodedImage(60, 40, PixelFormat.Gray8, Enumerable.Repeat((byte)128, 60 * 40).ToArray())));
        ImageFiles.Write(_temp.File("in/xray.png"), 60, 40);
        var detector = new FakePredictor(FakePredictor.Detector("wrist"), image => new ImagePrediction(ModelTask.Detect, image.Width, image.Height, [], null));

        var result = InProcessPredict.Run((_, _) => detector, _temp.Path, "--model", _temp.Write("model.onnx", "stand-in"), "--source", "in");

        Assert.True(result.ExitCode == ExitCodes.SomeInputsFailed, result.ToString());
        Assert.Contains($"skipped {blank}: ", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("the image is blank (all its 60x40 pixels within 8 grey levels): nothing to read; was the right file sent?", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, detector.Calls.Sum());
    }
}
