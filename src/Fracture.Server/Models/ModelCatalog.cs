using System.Security.Cryptography;
using Fracture.Core.Models;
using Fracture.Inference;

namespace Fracture.Server.Models;

/// <summary>
/// The models the server runs, loaded once at start: every *.onnx file of a folder, at most one per task (classify,
/// detect, segment). Each predictor is shared by all requests at once.
/// </summary>
public sealed class ModelCatalog : IDisposable
{
    private readonly bool _ownsPredictors;

    /// <param name="models">The models; their ids must be distinct and their tasks too.</param>
    /// <param name="ownsPredictors">Whether <see cref="Dispose"/> releases the predictors (false when the caller shares them).</param>
    /// <exception cref="ServerStartupException">No model, or two models for one task.</exception>
    public ModelCatalog(IEnumerable<LoadedModel> models, bool ownsPredictors = true)
    {
        ArgumentNullException.ThrowIfNull(models);
        Models = [.. models.OrderBy(m => m.Task).ThenBy(m => m.Id, StringComparer.Ordinal)];
        _ownsPredictors = ownsPredictors;
        if (Models.Count == 0)
        {
            throw new ServerStartupException("no model to serve");
        }

        foreach (var group in Models.GroupBy(m => m.Task).Where(g => g.Count() > 1))
        {
            throw new ServerStartupException(
                $"{string.Join(" and ", group.Select(m => m.Id))} are all {ModelMetadata.TaskName(group.Key)} models; the server runs at most one model per task, so keep one of them in the models folder");
        }
    }

    /// <summary>The models, ordered by task (classify, detect, segment).</summary>
    public IReadOnlyList<LoadedModel> Models { get; }

    /// <summary>Loads every *.onnx file in <paramref name="directory"/> (not its subfolders).</summary>
    /// <exception cref="ServerStartupException">The folder is missing, holds no model, a model cannot be loaded, or two share a task.</exception>
    public static ModelCatalog Load(string directory, PredictorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new ServerStartupException($"models folder {directory} does not exist; set {Options.ServerOptions.SectionName}:ModelsDirectory (fracture serve --models DIR)");
        }

        var files = Directory.EnumerateFiles(directory, "*.onnx").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new ServerStartupException($"models folder {directory} has no .onnx model; export one with `fracture export` or point {Options.ServerOptions.SectionName}:ModelsDirectory elsewhere");
        }

        var loaded = new List<LoadedModel>();
        try
        {
            foreach (var file in files)
            {
                loaded.Add(Open(file, options));
            }

            return new ModelCatalog(loaded);
        }
        catch
        {
            foreach (var model in loaded)
            {
                model.Predictor.Dispose();
            }

            throw;
        }
    }

    /// <summary>The model for <paramref name="task"/>, or null when none is loaded.</summary>
    public LoadedModel? For(ModelTask task) => Models.FirstOrDefault(m => m.Task == task);

    public void Dispose()
    {
        if (_ownsPredictors)
        {
            foreach (var model in Models)
            {
                model.Predictor.Dispose();
            }
        }
    }

    private static LoadedModel Open(string file, PredictorOptions? options)
    {
        string sha;
        long bytes;
        try
        {
            using var stream = File.OpenRead(file);
            sha = Convert.ToHexStringLower(SHA256.HashData(stream));
            bytes = stream.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServerStartupException($"cannot read model {file}: {e.Message}", e);
        }

        try
        {
            return new LoadedModel(Path.GetFileNameWithoutExtension(file), Predictor.Open(file, options), sha, bytes);
        }
        catch (ModelFormatException e)
        {
            throw new ServerStartupException($"cannot serve model {e.Message}", e);
        }
    }
}
