using System.Buffers;
using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Core.Metrics;
using Fracture.Core.Models;
using Microsoft.ML.OnnxRuntime;
using ModelMetadata = Fracture.Core.Models.ModelMetadata;

namespace Fracture.Inference;

/// <summary>
/// Opens ONNX models (Fracture's own exports; Ultralytics YOLOv8/YOLO11 detect, segment and classify exports, and the
/// end-to-end ones with NMS inside: YOLO26, YOLOv10, <c>nms=True</c>) and
/// is the base of the three task predictors: it holds the one session every caller shares and does the preprocessing
/// and batching all tasks have in common; each task only decodes its outputs.
/// </summary>
public abstract class Predictor : IPredictor
{
    /// <summary>Images per ONNX Runtime call when the batch dimension is dynamic (bounds the input buffer).</summary>
    internal const int MaxBatch = 16;

    private readonly InferenceSession _session;
    private readonly SessionOptions _sessionOptions;
    private readonly RunOptions _runOptions = new();
    private readonly ModelSignature _signature;
    private readonly InputPreprocessor _preprocessor;
    private readonly string[] _inputNames;
    private int _disposed;
    private int _inFlight;
    private int _released;

    private protected Predictor(string path, InferenceSession session, SessionOptions sessionOptions, ModelMetadata metadata, ModelSignature signature)
    {
        Path = path;
        _session = session;
        _sessionOptions = sessionOptions;
        _signature = signature;
        _inputNames = [signature.InputName];
        _preprocessor = new InputPreprocessor(metadata, signature.Width, signature.Height);
        Metadata = metadata;
        Boxes = new BoxOutputReader(path, metadata, signature);
    }

    /// <inheritdoc />
    public ModelMetadata Metadata { get; }

    /// <summary>The batch size the file fixes (Ultralytics exports without dynamic=True: 1), or null when it takes any.</summary>
    public int? FixedBatch => _signature.FixedBatch;

    /// <summary>The model file, for error messages.</summary>
    private protected string Path { get; }

    /// <summary>A detector's or segmenter's box output, in whichever layout the file has.</summary>
    private protected BoxOutputReader Boxes { get; }

    /// <summary>
    /// For tests only: called in a cancellable call right before ONNX Runtime runs, once the token is tied to the run's
    /// terminate flag, so a test can cancel at that moment without racing the run.
    /// </summary>
    internal Action? BeforeCancellableRun { get; set; }

    /// <summary>For tests only: called after each session run, before its outputs are decoded.</summary>
    internal Action? AfterRun { get; set; }

    /// <summary>
    /// Loads a model file and returns the predictor for its task (from its metadata). The file's input must be one
    /// float32 tensor [N, 3, H, W] and its outputs those of its task: detect [N, 4 + C, A]; segment [N, 4 + C + M, A]
    /// and prototypes [N, M, h, w]; classify [N, C]; C being the number of class names in the metadata; or, exported
    /// end to end, detect [N, max_det, 6] and segment [N, max_det, 6 + M] (<see cref="BoxLayout"/>).
    /// </summary>
    /// <exception cref="ModelFormatException">The file is missing, not ONNX, lacks the metadata, or has other shapes.</exception>
    public static IPredictor Open(string path, PredictorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= PredictorOptions.Default;
        options.Validate();
        if (!File.Exists(path))
        {
            throw new ModelFormatException(path, "file not found");
        }

        var sessionOptions = SessionSetup.CreateOptions(options);
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            sessionOptions.Dispose();
            throw new ModelFormatException(path, $"not a readable ONNX model (truncated or corrupt?): {SessionSetup.Reason(e.Message)}", e);
        }

        try
        {
            var metadata = ModelMetadata.Parse(path, session.ModelMetadata.CustomMetadataMap);
            var signature = ModelSignature.Read(path, session, metadata);

            // Settled by the output's shape when the file did not say, so callers (the --iou note) know.
            metadata = metadata with { EndToEnd = metadata.Task == ModelTask.Classify ? metadata.EndToEnd : signature.EndToEnd };
            return metadata.Task switch
            {
                ModelTask.Classify => new ClassifyPredictor(path, session, sessionOptions, metadata, signature),
                ModelTask.Detect => new DetectPredictor(path, session, sessionOptions, metadata, signature),
                _ => new SegmentPredictor(path, session, sessionOptions, metadata, signature),
            };
        }
        catch
        {
            session.Dispose();
            sessionOptions.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ImagePrediction Predict(DecodedImage image, PredictSettings? settings = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PredictBatch([image], settings, cancellation)[0];
    }

    /// <inheritdoc />
    public IReadOnlyList<ImagePrediction> PredictBatch(IReadOnlyList<DecodedImage> images, PredictSettings? settings = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        settings ??= PredictSettings.Default;
        settings.Validate();
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i] is null)
            {
                throw new ArgumentException($"image {i} is null", nameof(images));
            }
        }

        Enter();
        try
        {
            var results = new ImagePrediction[images.Count];
            var chunk = _signature.FixedBatch ?? MaxBatch;
            for (var start = 0; start < images.Count; start += chunk)
            {
                Run(images, start, Math.Min(chunk, images.Count - start), settings, results, cancellation);
            }

            return results;
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>The ONNX Runtime build every predictor runs on, e.g. "1.31.1" (for benchmark reports).</summary>
    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    /// <summary>
    /// The input a run on <paramref name="images"/> is given: NCHW floats in the model's contract (letterboxed or
    /// centre-cropped, RGB 0..1). With <see cref="RunPrepared"/> it times the model alone, without pre- or post-processing.
    /// </summary>
    public float[] PrepareInput(IReadOnlyList<DecodedImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var plane = _preprocessor.PlaneLength;
        var input = new float[checked(images.Count * plane)];
        for (var i = 0; i < images.Count; i++)
        {
            _preprocessor.Fill(input.AsSpan(i * plane, plane), images[i]);
        }

        return input;
    }

    /// <summary>
    /// Runs the session alone on an input from <see cref="PrepareInput"/> holding <paramref name="batch"/> images and
    /// returns the values of its first output (the model's answer before any decoding).
    /// </summary>
    /// <exception cref="ArgumentException">The input does not hold <paramref name="batch"/> images, or the file fixes another batch size.</exception>
    public float[] RunPrepared(float[] input, int batch)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (input.Length != (long)batch * _preprocessor.PlaneLength || (_signature.FixedBatch is { } fixedBatch && fixedBatch != batch))
        {
            throw new ArgumentException($"{input.Length} floats are not a batch of {batch} the model takes ({_preprocessor.PlaneLength} floats per image, batch {_signature.FixedBatch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"})", nameof(input));
        }

        Enter();
        try
        {
            using var outputs = RunSession(input, batch, CancellationToken.None);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Releases the ONNX Runtime session; calls made after this throw <see cref="ObjectDisposedException"/>. Calls
    /// already running finish first (a server's timed-out request may still be in its model when the host stops):
    /// the last of them releases the session.
    /// </summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0 && Interlocked.CompareExchange(ref _inFlight, 0, 0) == 0)
        {
            Release();
        }
    }

    // Entering counts the call before it looks at the disposed flag, and Dispose sets the flag before it looks at
    // the count (both interlocked): so either Dispose sees this call and leaves the release to it, or it sees Dispose.
    private void Enter()
    {
        Interlocked.Increment(ref _inFlight);
        if (Interlocked.CompareExchange(ref _disposed, 0, 0) != 0)
        {
            Exit();
            throw new ObjectDisposedException(GetType().FullName);
        }
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Interlocked.CompareExchange(ref _disposed, 0, 0) != 0)
        {
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _session.Dispose();
            _sessionOptions.Dispose();
            _runOptions.Dispose();
        }
    }

    /// <summary>Reads one image's result from the outputs of a run (<paramref name="index"/>: its place in the batch).</summary>
    /// <param name="mirrored">With <see cref="PredictSettings.FlipFusion"/>: the outputs of the run on the mirrored input; else null.</param>
    private protected abstract ImagePrediction Decode(
        IReadOnlyList<OrtValue> outputs, IReadOnlyList<OrtValue>? mirrored, int index, InputGeometry geometry, PredictSettings settings, CancellationToken cancellation);

    /// <summary>
    /// Whether a finding's box still covers pixels of the image: one that lay in the letterbox's padding alone is
    /// clipped to a line and dropped, so it cannot count toward a verdict.
    /// </summary>
    private protected static bool HasArea(Finding finding) => finding.Box.X2 > finding.Box.X1 && finding.Box.Y2 > finding.Box.Y1;

    /// <summary>A kept box as a finding in pixels of the image's file.</summary>
    private protected Finding ToFinding(ScoredBox box, InputGeometry geometry, IReadOnlyList<PixelPoint>? polygon = null) =>
        new(box.ClassId, Metadata.Names[box.ClassId], box.Score, geometry.ToFile(box.Box), polygon);

    /// <summary>One image's part of a batch output, and the output's full shape.</summary>
    private protected ReadOnlySpan<float> Slice(OrtValue output, int index, int rank, out long[] shape)
    {
        shape = output.GetTensorTypeAndShape().Shape;
        if (shape.Length != rank || shape[0] <= index)
        {
            throw new ModelFormatException(Path, $"an output came back as {ModelSignature.Describe(shape)}, not rank {rank} with a batch of {index + 1} or more");
        }

        var data = output.GetTensorDataAsSpan<float>();
        var per = data.Length / (int)shape[0];
        var slice = data.Slice(index * per, per);

        // NaN scores would drop out of every comparison and read as "no fracture"; refuse them instead.
        if (!OutputChecks.AllFinite(slice))
        {
            throw new ModelFormatException(Path, $"the model computed NaN or infinite values for this image (output {ModelSignature.Describe(shape)}); its answer cannot be trusted");
        }

        return slice;
    }

    /// <summary>
    /// One session run on <paramref name="slots"/> images' worth of input; the caller disposes the outputs. A
    /// cancellable call gets run options of its own, whose terminate flag the token sets: ONNX Runtime then stops
    /// between operators, so a server request that times out frees its slot within one operator, not one whole run.
    /// </summary>
    private IDisposableReadOnlyCollection<OrtValue> RunSession(Memory<float> input, int slots, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        long[] shape = [slots, 3, _signature.Height, _signature.Width];
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, shape);
        if (!cancellation.CanBeCanceled)
        {
            return _session.Run(_runOptions, _inputNames, [value], _signature.OutputNames);
        }

        using var runOptions = new RunOptions();

        // Declared after the options, so disposed first: Dispose waits for a callback in flight, which then never
        // touches disposed options.
        using var registration = cancellation.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        BeforeCancellableRun?.Invoke();
        try
        {
            return _session.Run(runOptions, _inputNames, [value], _signature.OutputNames);
        }
        catch (OnnxRuntimeException e) when (cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException("the model run was stopped: the call was cancelled", e, cancellation);
        }
    }

    /// <summary>Reverses every row of <paramref name="width"/> values, in place: NCHW planes mirrored left to right.</summary>
    private protected static void MirrorRows(Span<float> values, int width)
    {
        for (var row = 0; row < values.Length; row += width)
        {
            values.Slice(row, width).Reverse();
        }
    }

    /// <summary>The input mirrored in place (after the straight run has read it).</summary>
    private static Memory<float> Mirror(Memory<float> input, int width)
    {
        MirrorRows(input.Span, width);
        return input;
    }

    /// <summary>Letterboxes or crops <paramref name="count"/> images into one pooled input tensor and runs it once.</summary>
    private void Run(IReadOnlyList<DecodedImage> images, int start, int count, PredictSettings settings, ImagePrediction[] results, CancellationToken cancellation)
    {
        var slots = _signature.FixedBatch ?? count;
        var plane = _preprocessor.PlaneLength;
        var length = checked(slots * plane);
        var buffer = ArrayPool<float>.Shared.Rent(length);
        try
        {
            var geometry = new InputGeometry[count];
            for (var i = 0; i < count; i++)
            {
                geometry[i] = _preprocessor.Fill(buffer.AsSpan(i * plane, plane), images[start + i]);
            }

            // A fixed batch larger than the images at hand: the spare slots are run as black images and ignored.
            buffer.AsSpan(count * plane, (slots - count) * plane).Clear();
            using var outputs = RunSession(buffer.AsMemory(0, length), slots, cancellation);
            using var mirrored = settings.FlipFusion && Metadata.Task != ModelTask.Classify
                ? RunSession(Mirror(buffer.AsMemory(0, length), _signature.Width), slots, cancellation)
                : null;
            AfterRun?.Invoke();
            for (var i = 0; i < count; i++)
            {
                results[start + i] = Decode(outputs, mirrored, i, geometry[i], settings, cancellation);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
