using Fracture.Core.Imaging;
using Fracture.Inference.Tests.Support;

namespace Fracture.Inference.Tests;

/// <summary>
/// A detector whose boxes and scores move with the brightness at the centre of each image's input, so every image
/// gets its own answer. Batches, fixed batch sizes and concurrent callers must give exactly the answers of one image
/// at a time (the test model does no sums, so float rounding cannot differ between batch sizes or threads).
/// </summary>
public sealed class BatchAndConcurrencyTests : IDisposable
{
    private static readonly string[] Names = ["elbow", "wrist"];

    private static readonly float[][] Anchors =
    [
        [16, 32, 16, 16, 0.3f, 0.1f],
        [40, 20, 10, 10, 0.1f, 0.2f],
        [50, 50, 12, 6, 0.2f, 0.2f],
    ];

    // Per unit of centre brightness (0..1): anchor 0 slides right and gains elbow score, anchor 1 grows and gains wrist
    // score, anchor 2 loses both.
    private static readonly float[][] Gains =
    [
        [8, 0, 0, 0, 0.5f, 0],
        [0, 0, 8, 4, 0, 0.6f],
        [0, 3, 0, 0, -0.2f, -0.2f],
    ];

    private readonly TempFolder _folder = new();

    [Fact]
    public void A_batch_of_three_equals_three_single_predictions()
    {
        using var predictor = Open(batch: null);
        var images = TestImages.Fixtures().Take(3).Select(p => ImageDecoder.Decode(p)).ToArray();

        var singles = images.Select(i => predictor.Predict(i)).ToArray();
        var batch = predictor.PredictBatch(images);

        Assert.Equal(3, batch.Count);
        AssertSame(singles, batch);
        Assert.Equal(images.Select(i => (i.Width, i.Height)), batch.Select(p => (p.Width, p.Height)));
        Assert.True(singles.Select(s => s.Findings[0].Box).Distinct().Count() == 3, "each image gets its own boxes");
    }

    [Theory]
    [InlineData(1L)] // fixed to one image: one run per image
    [InlineData(2L)] // fixed to two: the last run has a spare slot
    public void A_fixed_batch_dimension_is_filled_run_by_run(long batchSize)
    {
        using var predictor = Open(batchSize);
        var images = Synthetic(5);

        AssertSame(images.Select(i => predictor.Predict(i)).ToArray(), predictor.PredictBatch(images));
    }

    [Fact]
    public void More_images_than_one_run_takes_are_split_across_runs()
    {
        using var predictor = Open(batch: null);
        var images = Synthetic(Predictor.MaxBatch + 3);

        AssertSame(images.Select(i => predictor.Predict(i)).ToArray(), predictor.PredictBatch(images));
        Assert.Empty(predictor.PredictBatch([]));
    }

    [Fact]
    public async Task Sixteen_concurrent_callers_on_one_predictor_get_the_sequential_answers()
    {
        using var predictor = Open(batch: null);
        var images = Synthetic(16);
        var singles = images.Select(i => predictor.Predict(i)).ToArray();

        using var start = new Barrier(16);
        var results = new ImagePrediction[16][];
        var callers = Enumerable.Range(0, 16).Select(c => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                results[c] = c % 2 == 0
                    ? [.. Enumerable.Range(0, 5).Select(_ => predictor.Predict(images[c]))]
                    : [.. predictor.PredictBatch([images[c], images[(c + 1) % 16]])];
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(callers);

        for (var c = 0; c < 16; c++)
        {
            AssertSame(c % 2 == 0 ? [.. Enumerable.Repeat(singles[c], 5)] : [singles[c], singles[(c + 1) % 16]], results[c]);
        }
    }

    [Fact]
    public void A_disposed_predictor_refuses_work()
    {
        var predictor = Open(batch: null);
        predictor.Dispose();
        predictor.Dispose();

        Assert.Throws<ObjectDisposedException>(() => predictor.Predict(Synthetic(1)[0]));
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Findings identical to the last bit, image sizes and tasks equal.</summary>
    internal static void AssertSame(IReadOnlyList<ImagePrediction> expected, IReadOnlyList<ImagePrediction> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal((e.Task, e.Width, e.Height), (a.Task, a.Width, a.Height));
            Assert.Equal(e.Findings, a.Findings);
        }
    }

    /// <summary>Images of several sizes and brightnesses, half of them grey.</summary>
    private static DecodedImage[] Synthetic(int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => TestImages.Solid(
            60 + (17 * i), 90 - (3 * i), (byte)(20 + (11 * i)), i % 2 == 0 ? PixelFormat.Gray8 : PixelFormat.Rgb24)),
    ];

    private IPredictor Open(long? batch) =>
        TestModels.Open(_folder, TestModels.Detect(64, Anchors, TestModels.Ultralytics("detect", Names, 64, 64), batch, Gains), $"detect-{batch}.onnx");
}
