using System.Globalization;
using System.Text.Json;
using Fracture.Server.Contracts;
using Fracture.Server.Inputs;
using Fracture.Server.Predictions;
using Microsoft.Data.Sqlite;

namespace Fracture.Server.Storage;

/// <summary>
/// The prediction history in SQLite (<c>fracture.db</c>, write-ahead log): one row per prediction with the columns a
/// list needs and the full JSON. Each call opens a pooled connection, so any number of requests use it at once;
/// SQLite serialises the writers (with a busy timeout) and WAL lets readers run beside them.
/// </summary>
public sealed class PredictionStore : IDisposable
{
    private const string Columns = "id, created_utc, image_sha256, file_name, format, width, height, fracture_suspected, finding_count, json";
    private readonly string _connectionString;
    private readonly ILogger _logger;

    /// <summary>Opens (creating when missing) the database at <paramref name="path"/>.</summary>
    /// <param name="logger">Where rows the history cannot read are reported (none: not reported).</param>
    public PredictionStore(string path, ILogger<PredictionStore>? logger = null)
    {
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        CreateFolder(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS predictions (
                id TEXT PRIMARY KEY NOT NULL,
                created_utc TEXT NOT NULL,
                image_sha256 TEXT NOT NULL,
                file_name TEXT NULL,
                format TEXT NOT NULL,
                width INTEGER NOT NULL,
                height INTEGER NOT NULL,
                fracture_suspected INTEGER NOT NULL,
                finding_count INTEGER NOT NULL,
                json TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS predictions_by_time ON predictions (created_utc DESC);
            CREATE INDEX IF NOT EXISTS predictions_by_image ON predictions (image_sha256);
            """);
    }

    public string Path { get; }

    public void Insert(Prediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO predictions ({Columns}) VALUES ($id, $created, $sha, $name, $format, $width, $height, $suspected, $count, $json);";
        command.Parameters.AddWithValue("$id", prediction.Id);
        command.Parameters.AddWithValue("$created", prediction.CreatedUtc.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$sha", prediction.Image.Sha256);
        command.Parameters.AddWithValue("$name", (object?)prediction.Image.FileName ?? DBNull.Value);
        command.Parameters.AddWithValue("$format", prediction.Image.Format);
        command.Parameters.AddWithValue("$width", prediction.Image.Width);
        command.Parameters.AddWithValue("$height", prediction.Image.Height);
        command.Parameters.AddWithValue("$suspected", prediction.Verdict.FractureSuspected == true ? 1 : 0);
        command.Parameters.AddWithValue("$count", prediction.Findings.Count);
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(prediction, ServerJson.Options));
        command.ExecuteNonQuery();
    }

    /// <summary>The prediction with <paramref name="id"/>, or null.</summary>
    public StoredPrediction? Find(string id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT format, json FROM predictions WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var format = UploadFormats.Parse(reader.GetString(0))
            ?? throw new DamagedPredictionException(id, $"prediction {id} has an unknown image format '{reader.GetString(0)}' in {Path}");
        return new StoredPrediction(Deserialize(reader.GetString(1), id), format);
    }

    /// <summary>The newest <paramref name="limit"/> predictions, newest first.</summary>
    public IReadOnlyList<PredictionSummary> Recent(int limit) => Page(limit, null)!;

    /// <summary>
    /// The newest <paramref name="limit"/> predictions stored before the one with id <paramref name="before"/> (the
    /// next page after it), newest first; null when no prediction has that id. The cursor is looked up and the page
    /// read in one read transaction, so a cursor deleted meanwhile reads as missing, never as an empty last page.
    /// </summary>
    public IReadOnlyList<PredictionSummary>? RecentBefore(int limit, string before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return Page(limit, before);
    }

    private List<PredictionSummary>? Page(int limit, string? before)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        using var connection = Open();
        // One snapshot for the page and the cursor's existence: a cursor missing from it also found no rows.
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        // The same order as the list: time, then insertion for predictions stored in the same millisecond.
        // No LIMIT: rows are read until the page is full, so a damaged row (skipped) never shortens a page or hides
        // the next one.
        command.CommandText = before is null
            ? "SELECT id, json FROM predictions ORDER BY created_utc DESC, rowid DESC;"
            : """
              SELECT id, json FROM predictions
              WHERE (created_utc, rowid) < (SELECT created_utc, rowid FROM predictions WHERE id = $before)
              ORDER BY created_utc DESC, rowid DESC;
              """;
        if (before is not null)
        {
            command.Parameters.AddWithValue("$before", before);
        }

        var items = new List<PredictionSummary>();
        using (var reader = command.ExecuteReader())
        {
            while (items.Count < limit && reader.Read())
            {
                try
                {
                    items.Add(PredictionBuilder.Summarize(Deserialize(reader.GetString(1), reader.GetString(0))));
                }
                catch (DamagedPredictionException e)
                {
                    // Listed nowhere, still opened (500 saying so) and deleted by id, and reached by retention.
                    _logger.LogWarning(e, "The history leaves out prediction {Id}: its row cannot be read", e.Id);
                }
            }
        }

        if (items.Count == 0 && before is not null)
        {
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM predictions WHERE id = $before);";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1 ? items : null;
        }

        return items;
    }

    /// <summary>
    /// Removes the prediction with <paramref name="id"/>; returns its image's hash, or null when there is none. The
    /// format is not read: a row another version wrote may name one this server does not know, and must still go.
    /// </summary>
    public string? Delete(string id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM predictions WHERE id = $id RETURNING image_sha256;";
        command.Parameters.AddWithValue("$id", id);
        // Text as stored, whatever type a damaged row holds; a value that is no hash then names no file to delete.
        return command.ExecuteScalar() is { } sha ? Convert.ToString(sha, CultureInfo.InvariantCulture) ?? string.Empty : null;
    }

    /// <summary>The ids of the predictions after the newest <paramref name="keep"/>, oldest last.</summary>
    public IReadOnlyList<string> IdsBeyond(int keep)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM predictions ORDER BY created_utc DESC, rowid DESC LIMIT -1 OFFSET $keep;";
        command.Parameters.AddWithValue("$keep", keep);
        return ReadIds(command);
    }

    /// <summary>The ids of the predictions stored before <paramref name="cutoffUtc"/>, oldest first.</summary>
    public IReadOnlyList<string> IdsStoredBefore(DateTime cutoffUtc)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        // created_utc holds round-trip ("O") UTC text of one width, so text order is time order.
        command.CommandText = "SELECT id FROM predictions WHERE created_utc < $cutoff ORDER BY created_utc, rowid;";
        command.Parameters.AddWithValue("$cutoff", DateTime.SpecifyKind(cutoffUtc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture));
        return ReadIds(command);
    }

    /// <summary>Whether any stored prediction was made on the image with <paramref name="sha256"/>.</summary>
    public bool UsesImage(string sha256)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM predictions WHERE image_sha256 = $sha);";
        command.Parameters.AddWithValue("$sha", sha256);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>Whether the database answers a query (for /readyz).</summary>
    public bool IsReachable()
    {
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM predictions;";
            command.ExecuteScalar();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>Closes the pooled connections, so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static List<string> ReadIds(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private Prediction Deserialize(string json, string id)
    {
        try
        {
            return JsonSerializer.Deserialize<Prediction>(json, ServerJson.Options)
                ?? throw new DamagedPredictionException(id, $"prediction {id} in {Path} has no JSON");
        }
        catch (JsonException e)
        {
            throw new DamagedPredictionException(id, $"prediction {id} in {Path} has JSON this server cannot read: {e.Message}", e);
        }
    }

    /// <summary>
    /// Creates the data folder readable by the server's user only: it holds patients' X-rays and the names their files
    /// were sent under, and other accounts on the machine have no business there. A folder that exists is left as it is.
    /// </summary>
    private static void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows() || Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            return;
        }

        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
