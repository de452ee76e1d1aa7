using Fracture.Core;
using Fracture.Training.Engine;
using Fracture.Training.Networks.Detection;
using Fracture.Training.Tasks.Detect;
using static TorchSharp.torch;

namespace Fracture.Training.Benchmarks;

/// <summary>
/// The detector with the shipped 6 classes: YOLOv8's task-aligned loss against 1 to 3 random boxes per image
/// (5-35 % of the side), so the assigner, CIoU and DFL run as in training.
/// </summary>
internal sealed class DetectBenchmarkSubject : IBenchmarkSubject
{
    private const int Classes = 6;
    private const int MaxBoxes = 3;
    private readonly string _model;
    private readonly int _size;
    private readonly DetectionLoss _loss = new(Detector.LossOptions(new DetectorOptions { Classes = Classes }));
    private readonly Tensor _labels;
    private readonly Tensor _boxes;
    private readonly Tensor _mask;

    public DetectBenchmarkSubject(TrainingBenchmarkOptions options)
    {
        Detector.RequireImageSize(options.ImageSize);

        _model = options.Model;
        _size = options.ImageSize;
        var n = options.Batch;
        var random = new Random(0);
        var labels = new long[n * MaxBoxes];
        var boxes = new float[n * MaxBoxes * 4];
        var mask = new bool[n * MaxBoxes];
        for (var k = 0; k < n; k++)
        {
            var count = 1 + random.Next(MaxBoxes);
            for (var j = 0; j < count; j++)
            {
                var row = (k * MaxBoxes) + j;
                var w = _size * (0.05 + (0.3 * random.NextDouble()));
                var h = _size * (0.05 + (0.3 * random.NextDouble()));
                var x = random.NextDouble() * (_size - w);
                var y = random.NextDouble() * (_size - h);
                (boxes[row * 4], boxes[(row * 4) + 1], boxes[(row * 4) + 2], boxes[(row * 4) + 3]) = ((float)x, (float)y, (float)(x + w), (float)(y + h));
                labels[row] = random.Next(Classes);
                mask[row] = true;
            }
        }

        _labels = tensor(labels, [n, MaxBoxes]);
        _boxes = tensor(boxes, [n, MaxBoxes, 4]);
        _mask = tensor(mask, [n, MaxBoxes]);
    }

    public nn.Module<Tensor, Tensor> CreateModel() => DetectorNetworks.Create(_model, Classes, initialWeights: false);

    public Tensor Loss(Tensor output) => _loss.Compute(output, _size, _size, _labels, _boxes, _mask).Total;

    public EpochTiming Epochs(TrainOptions options, int epochs, Action<string>? say) =>
        EpochTiming.Measure(() => new DetectTask(options), options, epochs, say);

    public void Dispose()
    {
        _labels.Dispose();
        _boxes.Dispose();
        _mask.Dispose();
    }
}
