using Fracture.Core.Datasets;
using Fracture.Training.Tasks.Classify;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tests.Support;

namespace Fracture.Training.Tests.Tasks.Detect;

/// <summary>
/// Training data leaves out an image with a rejected label row, as evaluation does: its surviving rows (none, or only
/// some) would teach the model that a fracture there is background.
/// </summary>
public sealed class RejectedLabelRowsDataTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Detection_and_classification_data_leave_the_image_out_and_say_why()
    {
        var yaml = DataYamlReader.Read(WriteDataset());

        var detect = DetectData.Load(yaml, null, "train", 64, limit: null, seed: 0, progress: null);
        var classify = ClassifyData.Load(yaml, null, "train", 64, limit: null, seed: 0, progress: null);

        Assert.Equal(["neg.jpg", "ok.jpg"], detect.Paths.Select(Path.GetFileName));
        Assert.Equal(["neg.jpg", "ok.jpg"], classify.Paths.Select(Path.GetFileName));
        var expected = $"{Path.Combine(Path.GetDirectoryName(detect.Paths[0])!, "bad.jpg")}: a label row was rejected (`fracture dataset check` lists it)";
        Assert.Equal([expected], detect.Excluded);
        Assert.Equal([expected], classify.Excluded);
    }

    /// <summary>nc 2: bad.jpg's only row has class 2, so it would otherwise be read as a negative.</summary>
    private string WriteDataset()
    {
        var images = Directory.CreateDirectory(_temp.File(Path.Combine("train", "images"))).FullName;
        var labels = Directory.CreateDirectory(_temp.File(Path.Combine("train", "labels"))).FullName;
        var source = Directory.GetFiles(TestPaths.FixtureImages, "*.jpg").Order(StringComparer.Ordinal).First();
        foreach (var name in new[] { "bad", "ok", "neg" })
        {
            File.Copy(source, Path.Combine(images, $"{name}.jpg"));
        }

        File.WriteAllText(Path.Combine(labels, "bad.txt"), "2 0.5 0.5 0.1 0.1\n");
        File.WriteAllText(Path.Combine(labels, "ok.txt"), "0 0.5 0.5 0.2 0.2\n");
        var yaml = _temp.File("data.yaml");
        File.WriteAllText(yaml, "train: train/images\nnames: [a, b]\n");
        return yaml;
    }
}
