using Fracture.Cli.Tests.Support;
using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;

namespace Fracture.Cli.Tests;

/// <summary>`fracture predict` on DICOM inputs: recognised from their bytes, windowed, and skipped with a reason when broken.</summary>
public sealed class PredictDicomTests : IDisposable
{
    private static readonly string Fixture = Path.Combine(RepoPaths.RepoRoot, "fixtures", "dicom", "elbow-fracture-16bit.dcm");
    private readonly TempFolder _temp = new();
    private readonly List<DecodedImage> _seen = [];

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_folder_with_dicom_files_predicts_the_good_one_and_skips_the_truncated_one()
    {
        var bytes = File.ReadAllBytes(Fixture);
        Directory.CreateDirectory(_temp.File("in"));
        File.WriteAllBytes(_temp.File("in/elbow.dcm"), bytes);
        File.WriteAllBytes(_temp.File("in/cut.dcm"), bytes[..^1000]);

        var result = Predict("--source", _temp.File("in"));

        Assert.True(result.ExitCode == ExitCodes.SomeInputsFailed, result.ToString());
        Assert.Contains($"skipped {_temp.File("in/cut.dcm")}: DICOM file ends inside its pixel data (truncated)", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("1 image predicted, 1 skipped", result.StdOut, StringComparison.Ordinal);
        var image = Assert.Single(_seen);
        Assert.Equal((512, 406, PixelFormat.Rgb24), (image.Width, image.Height, image.Format));
    }

    [Fact]
    public void A_dicom_file_is_recognised_by_its_bytes_whatever_its_name()
    {
        // The fixture's window gives back the grey values of the JPEG it was made from (fixtures/dicom/README.md).
        File.Copy(Fixture, _temp.File("scan.jpg"));
        var jpeg = Path.Combine(RepoPaths.FixtureRoot, "test", "images", "image1_1741_png.rf.abfab4411413ca60310f9787db4d8d83.jpg");

        var result = Predict("--source", _temp.File("scan.jpg"));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var expected = ImageDecoder.Decode(jpeg, new DecodeOptions(PixelFormat.Gray8)).ToFormat(PixelFormat.Rgb24);
        Assert.Equal(expected.Pixels, Assert.Single(_seen).Pixels);
    }

    private CliResult Predict(params string[] args) =>
        InProcessPredict.Run(
            (_, _) => new FakePredictor(FakePredictor.Detector("elbow"), Seen),
            _temp.Path,
            ["--model", _temp.Write("model.onnx", "stand-in: the fake predictor never reads it"), .. args]);

    private ImagePrediction Seen(DecodedImage image)
    {
        lock (_seen)
        {
            _seen.Add(image);
        }

        return new ImagePrediction(ModelTask.Detect, image.Width, image.Height, []);
    }
}
