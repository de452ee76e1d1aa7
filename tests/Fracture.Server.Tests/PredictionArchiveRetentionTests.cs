using Fracture.Server.Contracts;
using Fracture.Server.Inputs;
using Fracture.Server.Options;
using Fracture.Server.Predictions;
using Fracture.Server.Storage;
using Fracture.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fracture.Server.Tests;

/// <summary>
/// Storing a prediction trims the history to the <see cref="RetentionPolicy"/>: no host and so no sweeper, only the
/// prediction service and the archive on a fake clock, so whatever is deleted was deleted by storing.
/// </summary>
public sealed class PredictionArchiveRetentionTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly PredictionStore _store;

    public PredictionArchiveRetentionTests() => _store = new PredictionStore(Path.Combine(_data.Path, "fracture.db"));

    [Fact]
    public void Storing_deletes_the_predictions_past_the_age_and_their_images()
    {
        var service = Service(new RetentionPolicy(0, TimeSpan.FromDays(2)));
        var oldest = Store(service, 0);
        _time.Advance(TimeSpan.FromDays(1));
        var younger = Store(service, 1);
        _time.Advance(TimeSpan.FromDays(1.5));
        Assert.Equal(2, StoredImageFiles.In(_data.Path).Count);

        var newest = Store(service, 2);

        Assert.Equal([newest.Id, younger.Id], _store.Recent(10).Select(p => p.Id));
        Assert.Null(_store.Find(oldest.Id));
        var images = StoredImageFiles.In(_data.Path);
        Assert.Equal(2, images.Count);
        Assert.DoesNotContain(images, f => f.Contains(oldest.Image.Sha256, StringComparison.Ordinal));
    }

    [Fact]
    public void A_prediction_exactly_at_the_age_stays()
    {
        var service = Service(new RetentionPolicy(0, TimeSpan.FromDays(1)));
        var first = Store(service, 0);
        _time.Advance(TimeSpan.FromDays(1));

        var second = Store(service, 1);

        Assert.Equal([second.Id, first.Id], _store.Recent(10).Select(p => p.Id));
    }

    [Fact]
    public void Count_and_age_limits_apply_together()
    {
        var service = Service(new RetentionPolicy(2, TimeSpan.FromDays(1)));
        Store(service, 0);
        var second = Store(service, 1);
        var third = Store(service, 2);
        Assert.Equal([third.Id, second.Id], _store.Recent(10).Select(p => p.Id));
        _time.Advance(TimeSpan.FromDays(2));

        var fourth = Store(service, 3);

        Assert.Equal([fourth.Id], _store.Recent(10).Select(p => p.Id));
        Assert.Single(StoredImageFiles.In(_data.Path));
    }

    [Fact]
    public void Expiry_deletes_damaged_rows_with_their_images_and_goes_on_past_them()
    {
        var service = Service(new RetentionPolicy(0, TimeSpan.FromDays(1)));
        var unknownFormat = Store(service, 0);
        var noHash = Store(service, 1);
        var intact = Store(service, 2);
        StoredRows.Set(_data.Path, unknownFormat.Id, "format", "webp");
        StoredRows.Set(_data.Path, noHash.Id, "image_sha256", "../../fracture.db");
        _time.Advance(TimeSpan.FromDays(2));
        var archive = new PredictionArchive(_store, new ImageStore(Path.Combine(_data.Path, "images")), NullLogger<PredictionArchive>.Instance, new RetentionPolicy(0, TimeSpan.FromDays(1)), _time);

        Assert.Equal(3, archive.Expire());

        Assert.Empty(_store.Recent(10));
        Assert.True(File.Exists(Path.Combine(_data.Path, "fracture.db")));
        // The row whose hash was damaged named no file; its image goes with the next start's sweep of unnamed files.
        var left = Assert.Single(StoredImageFiles.In(_data.Path));
        Assert.Contains(noHash.Image.Sha256, left, StringComparison.Ordinal);
        Assert.DoesNotContain(intact.Image.Sha256, left, StringComparison.Ordinal);
        Assert.Equal(1, archive.RemoveOrphans());
        Assert.Empty(StoredImageFiles.In(_data.Path));
    }

    [Fact]
    public void Removing_orphans_deletes_images_no_prediction_names_and_stray_temp_files_only()
    {
        var images = new ImageStore(Path.Combine(_data.Path, "images"));
        var archive = new PredictionArchive(_store, images, NullLogger<PredictionArchive>.Instance, RetentionPolicy.KeepAll, _time);
        var kept = Store(Service(RetentionPolicy.KeepAll), 0);
        // What a process killed between writing an image and inserting its row (or between deleting a row and its
        // image) leaves, a write cut short, and a file the server never writes.
        var orphan = images.PathOf(new string('a', 64), UploadFormat.Jpeg);
        var temp = Path.Combine(Path.GetDirectoryName(orphan)!, $".{new string('b', 64)}.png.0123456789abcdef0123456789abcdef.tmp");
        var foreign = Path.Combine(images.Root, "README.txt");
        foreach (var file in new[] { orphan, temp, foreign })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, "x");
        }

        Assert.Equal(2, archive.RemoveOrphans());

        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(temp));
        Assert.True(File.Exists(foreign));
        Assert.True(File.Exists(images.PathOf(kept.Image.Sha256, UploadFormat.Jpeg)));
        Assert.Equal(0, archive.RemoveOrphans());
    }

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    private PredictionService Service(RetentionPolicy retention)
    {
        var archive = new PredictionArchive(_store, new ImageStore(Path.Combine(_data.Path, "images")), NullLogger<PredictionArchive>.Instance, retention, _time);
        return new PredictionService(
            SharedModels.Catalog,
            new UploadDecoder(new FourFrameDicomDecoder()),
            archive,
            Microsoft.Extensions.Options.Options.Create(new ServerOptions()),
            _time,
            NullLogger<PredictionService>.Instance);
    }

    private static Prediction Store(PredictionService service, int fixture) =>
        service.Create(new Upload(File.ReadAllBytes(TestPaths.FixtureImages[fixture]), $"{fixture}.jpg", PredictionTask.Classify, null), CancellationToken.None);
}
