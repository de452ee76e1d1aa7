using System.Net;
using System.Text;
using Fracture.Server.Contracts;
using Fracture.Server.Errors;
using Fracture.Server.Options;
using Fracture.Server.Predictions;
using Fracture.Server.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace Fracture.Server.Tests;

/// <summary>
/// When storing fails nothing half-stored stays: a full disk answers 507 with a detail that names no server path (and
/// /readyz says not ready while there is no room for one more upload), and
/// a failed database write takes back the image it wrote (but not one an earlier prediction uses).
/// </summary>
public sealed class StorageFailureTests : ServerTestBase
{
    [RequiresTmpfsFact]
    public async Task A_full_disk_is_507_stores_nothing_and_the_server_recovers_once_space_is_freed()
    {
        using var disk = TmpfsMount.Create(kilobytes: 1024);
        using var factory = new ServerFactory(disk.Path, new() { ["Fracture:Server:MaxUploadBytes"] = "100000" });
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await Uploads.GetAsync(client, "/readyz")).StatusCode);
        var filler = disk.Fill();

        var notReady = await Problems.AssertProblemAsync(await Uploads.GetAsync(client, "/readyz"), HttpStatusCode.ServiceUnavailable);
        Assert.Contains("MB free", Problems.Detail(notReady), StringComparison.Ordinal);
        using var full = await Uploads.PostAsync(client, FixtureBytes(), task: "classify");

        var problem = await Problems.AssertProblemAsync(full, HttpStatusCode.InsufficientStorage);
        Assert.Equal(StorageFull.Title, problem.GetProperty("title").GetString());
        Assert.DoesNotContain(disk.Path, Problems.Detail(problem), StringComparison.Ordinal);
        Assert.Empty(StoredImageFiles.In(disk.Path));

        File.Delete(filler);
        Assert.Equal(HttpStatusCode.OK, (await Uploads.GetAsync(client, "/readyz")).StatusCode);
        using var freed = await Uploads.PostAsync(client, FixtureBytes(), task: "classify");
        Assert.Equal(HttpStatusCode.Created, freed.StatusCode);
        using var list = await Uploads.GetAsync(client, "/api/v1/predictions");
        var items = (await System.Text.Json.JsonSerializer.DeserializeAsync<PredictionList>(await list.Content.ReadAsStreamAsync(), Storage.ServerJson.Options))!.Items;
        Assert.Single(items);
        Assert.Single(StoredImageFiles.In(disk.Path));
    }

    [Fact]
    public async Task A_failed_database_write_takes_back_the_image_it_wrote_and_keeps_an_older_one()
    {
        var earlier = await PostFixtureAsync(1, task: "classify");
        BreakTheDatabase();

        using var fresh = await Uploads.PostAsync(Client, FixtureBytes(0), task: "classify");
        using var repeated = await Uploads.PostAsync(Client, FixtureBytes(1), task: "classify");

        await Problems.AssertProblemAsync(fresh, HttpStatusCode.InternalServerError);
        await Problems.AssertProblemAsync(repeated, HttpStatusCode.InternalServerError);
        var image = Assert.Single(StoredImageFiles.In(DataDirectory));
        Assert.Contains(earlier.Image.Sha256, image, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_disk_while_the_upload_spools_is_not_called_a_malformed_upload()
    {
        var context = MultipartRequest(new FailingStream(new IOException("No space left on device : '/tmp/ASPNETCORE_x.tmp'", 28)));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => UploadReader.ReadAsync(context.Request, new ServerOptions(), CancellationToken.None));

        Assert.IsNotType<RequestProblemException>(error);
        Assert.True(StorageFull.Is(error), error.ToString());
    }

    [Fact]
    public async Task A_body_that_breaks_off_is_400_without_the_io_errors_text()
    {
        var context = MultipartRequest(new FailingStream(new IOException("connection reset reading /tmp/ASPNETCORE_x.tmp")));

        var error = await Assert.ThrowsAsync<RequestProblemException>(() => UploadReader.ReadAsync(context.Request, new ServerOptions(), CancellationToken.None));

        Assert.Equal(StatusCodes.Status400BadRequest, error.StatusCode);
        Assert.DoesNotContain("/tmp", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("directory")]
    [InlineData("read-only")]
    public async Task The_servers_own_file_error_while_the_upload_spools_is_not_blamed_on_the_request(string kind)
    {
        // The temp folder gone, or a read-only file system (errno EROFS): a 500 the server logs, not a 400.
        IOException failure = kind == "directory"
            ? new DirectoryNotFoundException("Could not find a part of the path '/tmp/gone/ASPNETCORE_x.tmp'")
            : new IOException("Read-only file system : '/tmp/ASPNETCORE_x.tmp'", 30);
        var context = MultipartRequest(new FailingStream(failure));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => UploadReader.ReadAsync(context.Request, new ServerOptions(), CancellationToken.None));

        Assert.Same(failure, error);
    }

    [Theory]
    [InlineData(28, true)]
    [InlineData(122, true)]
    [InlineData(5, false)]
    public void Disk_full_is_told_by_its_error_number_also_when_wrapped(int errno, bool full)
    {
        var io = new IOException("x", errno);
        Assert.Equal(full, StorageFull.Is(io));
        Assert.Equal(full, StorageFull.Is(new InvalidOperationException("wrapped", io)));
        Assert.True(StorageFull.Is(new SqliteException("database or disk is full", 13)));
        Assert.False(StorageFull.Is(new SqliteException("no such table", 1)));
    }

    private void BreakTheDatabase()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "fracture.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "ALTER TABLE predictions RENAME TO predictions_gone;";
        command.ExecuteNonQuery();
    }

    // A multipart request whose body starts a 200 KB file part (past the 64 KB the framework keeps in memory) and
    // then fails as the body stream says.
    private static DefaultHttpContext MultipartRequest(FailingStream body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "multipart/form-data; boundary=b";
        body.Prefix = Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            .Concat(new byte[200 * 1024]).ToArray();
        context.Request.Body = body;
        return context;
    }

    /// <summary>Reads its prefix, then throws <paramref name="failure"/>.</summary>
    private sealed class FailingStream(Exception failure) : Stream
    {
        private int _position;

        public byte[] Prefix { get; set; } = [];

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= Prefix.Length)
            {
                throw failure;
            }

            var n = Math.Min(count, Prefix.Length - _position);
            Array.Copy(Prefix, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
