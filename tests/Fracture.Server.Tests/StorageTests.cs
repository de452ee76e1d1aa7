using System.Net;
using System.Text.Json;
using Fracture.Server.Contracts;
using Fracture.Server.Storage;
using Fracture.Server.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Fracture.Server.Tests;

/// <summary>The history lives in the data folder: SQLite rows plus images by content hash, kept across a restart.</summary>
public sealed class StorageTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_restarted_server_on_the_same_data_folder_still_has_the_history_and_images()
    {
        var image = File.ReadAllBytes(TestPaths.FixtureImages[0]);
        string postedJson;
        byte[] annotatedBefore;
        string id;
        using (var first = new ServerFactory(_data.Path))
        using (var client = first.CreateClient())
        {
            using var response = await Uploads.PostAsync(client, image, "first.jpg");
            postedJson = await response.Content.ReadAsStringAsync();
            id = JsonDocument.Parse(postedJson).RootElement.GetProperty("id").GetString()!;
            annotatedBefore = await client.GetByteArrayAsync(new Uri($"/api/v1/predictions/{id}/annotated", UriKind.Relative));
        }

        using var second = new ServerFactory(_data.Path);
        using var again = second.CreateClient();
        Assert.Equal(postedJson, await again.GetStringAsync(new Uri($"/api/v1/predictions/{id}", UriKind.Relative)));
        var list = JsonSerializer.Deserialize<PredictionList>(await again.GetStringAsync(new Uri("/api/v1/predictions", UriKind.Relative)), ServerJson.Options)!;
        Assert.Equal([id], list.Items.Select(i => i.Id));
        Assert.Equal("first.jpg", list.Items[0].FileName);
        Assert.Equal(annotatedBefore, await again.GetByteArrayAsync(new Uri($"/api/v1/predictions/{id}/annotated", UriKind.Relative)));
    }

    [Fact]
    public async Task A_stored_image_stays_readable_after_the_pixel_limit_is_lowered_below_it()
    {
        var image = File.ReadAllBytes(TestPaths.FixtureImages[0]);
        Prediction posted;
        using (var first = new ServerFactory(_data.Path))
        using (var client = first.CreateClient())
        {
            posted = await Post(client, image, "first.jpg");
        }

        using var second = new ServerFactory(_data.Path, new() { ["Fracture:Server:MaxPixels"] = "1000" });
        using var again = second.CreateClient();
        Assert.True((long)posted.Image.Width * posted.Image.Height > 1000);
        foreach (var link in new[] { posted.Links.Image, posted.Links.Annotated })
        {
            using var response = await again.GetAsync(new Uri(link, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        }

        // The lowered limit still holds for new uploads.
        using var upload = await Uploads.PostAsync(again, image, "again.jpg", task: "classify");
        await Problems.AssertProblemAsync(upload, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_stored_multi_frame_dicom_stays_readable_after_the_pixel_limit_is_lowered_below_its_frames()
    {
        // The worker counts every frame against the limit; the stored prediction knows only one frame's size.
        var dicom = new FourFrameDicomDecoder();
        Prediction posted;
        // Kept as sent (KeepDicomFiles): a stored PNG of its pixels would be read back without the worker's frame count.
        var keep = new Dictionary<string, string?> { ["Fracture:Server:KeepDicomFiles"] = "true" };
        using (var first = new ServerFactory(_data.Path, keep, dicom: dicom))
        using (var client = first.CreateClient())
        {
            posted = await Post(client, File.ReadAllBytes(TestPaths.DicomFixture), "study.dcm");
        }

        var oneFrame = (long)posted.Image.Width * posted.Image.Height;
        keep["Fracture:Server:MaxPixels"] = (2 * oneFrame).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var second = new ServerFactory(_data.Path, keep, dicom: dicom);
        using var again = second.CreateClient();
        foreach (var link in new[] { posted.Links.Image, posted.Links.Annotated })
        {
            using var response = await again.GetAsync(new Uri(link, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // New multi-frame uploads over the lowered limit are still refused.
        using var upload = await Uploads.PostAsync(again, File.ReadAllBytes(TestPaths.DicomFixture), "again.dcm", task: "classify");
        await Problems.AssertProblemAsync(upload, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Images_are_stored_once_by_content_hash_and_never_under_the_clients_name()
    {
        var image = File.ReadAllBytes(TestPaths.FixtureImages[0]);
        using var factory = new ServerFactory(_data.Path);
        using var client = factory.CreateClient();
        var a = await Post(client, image, "../../../../tmp/evil.jpg");
        var b = await Post(client, image, "C:\\Windows\\evil\u0007.jpg");
        Assert.Equal(a.Image.Sha256, b.Image.Sha256);
        Assert.Equal(("evil.jpg", "evil.jpg"), (a.Image.FileName, b.Image.FileName));

        var stored = Directory.EnumerateFiles(_data.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_data.Path, f))
            .Where(f => !f.StartsWith("fracture.db", StringComparison.Ordinal))
            .ToList();
        Assert.Equal([Path.Combine("images", a.Image.Sha256[..2], a.Image.Sha256 + ".jpg")], stored);
        Assert.Equal(image, File.ReadAllBytes(Path.Combine(_data.Path, stored[0])));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "evil.jpg")));
    }

    [Fact]
    public async Task The_database_has_the_contract_columns_in_wal_mode()
    {
        using (var factory = new ServerFactory(_data.Path))
        using (var client = factory.CreateClient())
        {
            await Post(client, File.ReadAllBytes(TestPaths.FixtureImages[1]), "b.jpg");
        }

        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "fracture.db")};Pooling=False");
        connection.Open();
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", mode.ExecuteScalar());
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT name FROM pragma_table_info('predictions') ORDER BY cid;";
        using var reader = columns.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        Assert.Equal(["id", "created_utc", "image_sha256", "file_name", "format", "width", "height", "fracture_suspected", "finding_count", "json"], names);
    }

    private static async Task<Prediction> Post(HttpClient client, byte[] image, string name)
    {
        using var response = await Uploads.PostAsync(client, image, name, task: "classify");
        return await Uploads.ReadPredictionAsync(response);
    }
}
