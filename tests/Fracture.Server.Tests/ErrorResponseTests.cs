using System.Net;
using System.Text;
using Fracture.Core.Imaging;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>Every refusal of the prediction endpoint is ProblemDetails with the status the contract names, and never a stack trace.</summary>
public sealed class ErrorResponseTests : ServerTestBase
{
    private const string UnknownId = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task A_json_body_is_400_not_multipart()
    {
        using var response = await Client.PostAsync(new Uri(Uploads.Endpoint, UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Contains("multipart/form-data", Problems.Detail(await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_encoded_form_is_400_not_multipart()
    {
        using var response = await Client.PostAsync(new Uri(Uploads.Endpoint, UriKind.Relative), new FormUrlEncodedContent([new("image", "x")]));
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_form_without_the_image_field_is_400()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(FixtureBytes()), "file", "x.jpg" } };
        using var response = await Client.PostAsync(new Uri(Uploads.Endpoint, UriKind.Relative), form);
        Assert.Contains("'image'", Problems.Detail(await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(200_000)]
    public async Task A_multipart_body_without_its_closing_boundary_is_400_malformed_upload(int bytes)
    {
        // 200 KB spools to a temp file (past 64 KB) before the body is found cut short.
        var head = Encoding.ASCII.GetBytes("--cut\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
        using var content = new ByteArrayContent([.. head, .. new byte[bytes]]);
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=cut");
        using var response = await Client.PostAsync(new Uri(Uploads.Endpoint, UriKind.Relative), content);
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Malformed upload", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(5_000_000)]
    public async Task An_image_sent_without_a_file_name_is_400_saying_how_to_send_it(int bytes)
    {
        // A part without a filename is a text field to ASP.NET Core (curl -F 'image=<scan.jpg', or
        // MultipartFormDataContent.Add(content, "image")); multipart text values are limited by the upload limit
        // only, not by the framework's 4 MB value limit.
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[bytes]), "image" } };
        using var response = await Client.PostAsync(new Uri(Uploads.Endpoint, UriKind.Relative), form);
        var detail = Problems.Detail(await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest));
        Assert.Contains("field 'image' came as a text field, not a file: send the image as a file part with a filename", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("task", "Bad task", "task 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (5000000 characters)' is not one of all, detect, segment, classify")]
    [InlineData("conf", "Bad confidence", "conf 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (5000000 characters)' is not a number between 0 and 1")]
    [InlineData("flipFusion", "Bad flipFusion", "flipFusion 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (5000000 characters)' is not one of true, false (or 1, 0, on, off, yes, no)")]
    public async Task A_field_of_megabytes_is_400_quoting_only_its_start(string field, string title, string detail)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(FixtureBytes()), "image", "x.jpg" },
            { new StringContent(new string('x', 5_000_000)), field },
        };
        using var response = await Client.PostAsync(new Uri(Uploads.Endpoint, UriKind.Relative), form);
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(detail, Problems.Detail(problem));
    }

    [Theory]
    [InlineData("image", null, null)]
    [InlineData("conf", "abc", "0.2")]
    [InlineData("conf", "0.2", "0.3")]
    [InlineData("task", "detect", "classify")]
    [InlineData("flipFusion", "maybe", "true")]
    public async Task A_field_sent_twice_is_400_naming_it(string field, string? first, string? second)
    {
        using var form = Uploads.Form(FixtureBytes());
        if (first is null)
        {
            form.Add(new ByteArrayContent(FixtureBytes()), field, "b.jpg");
        }
        else
        {
            form.Add(new StringContent(first), field);
            form.Add(new StringContent(second!), field);
        }

        using var response = await Client.PostAsync(new Uri(Uploads.Endpoint, UriKind.Relative), form);
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Repeated field", problem.GetProperty("title").GetString());
        Assert.Equal($"field '{field}' was sent 2 times in the form; send it once", Problems.Detail(problem));
    }

    [Fact]
    public async Task A_field_in_both_the_form_and_the_query_is_400()
    {
        using var response = await Client.PostAsync(new Uri($"{Uploads.Endpoint}?conf=0.3", UriKind.Relative), Uploads.Form(FixtureBytes(), conf: "0.2"));
        Assert.Equal("field 'conf' was sent 2 times in the form and the query; send it once", Problems.Detail(await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest)));
    }

    [Theory]
    [InlineData("limit=abc", "limit must be a whole number between 1 and 100 (was 'abc')")]
    [InlineData("limit=1.5", "limit must be a whole number between 1 and 100 (was '1.5')")]
    [InlineData("limit=0", "limit must be a whole number between 1 and 100 (was '0')")]
    [InlineData("limit=2&limit=3", "field 'limit' was sent 2 times in the query; send it once")]
    [InlineData("before=a&before=b", "field 'before' was sent 2 times in the query; send it once")]
    public async Task A_list_query_that_does_not_parse_is_400_naming_the_field(string query, string detail)
    {
        using var response = await Uploads.GetAsync(Client, $"{Uploads.Endpoint}?{query}");
        Assert.Equal(detail, Problems.Detail(await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest)));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task A_head_probe_is_answered_like_get_without_a_body(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, path);
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_empty_file_is_400()
    {
        using var response = await Uploads.PostAsync(Client, []);
        Assert.Equal("Empty file", (await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("bogus", null)]
    [InlineData(null, "abc")]
    [InlineData(null, "1.5")]
    [InlineData(null, "-0.1")]
    [InlineData(null, "NaN")]
    public async Task A_bad_task_or_confidence_is_400(string? task, string? conf)
    {
        using var response = await Uploads.PostAsync(Client, FixtureBytes(), task: task, conf: conf);
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_task_without_a_model_is_400_naming_the_models_loaded()
    {
        // A server with the classifier only (every shipped task has a model, so the catalog is cut down).
        using var data = new TempDirectory();
        using var catalog = new Models.ModelCatalog([SharedModels.Catalog.For(Core.Models.ModelTask.Classify)!], ownsPredictors: false);
        using var factory = new ServerFactory(data.Path, catalog: catalog);
        using var client = factory.CreateClient();

        using var response = await Uploads.PostAsync(client, FixtureBytes(), task: "segment");

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("no segment model is loaded (loaded: classify)", Problems.Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/predictions/not-an-id")]
    [InlineData("/api/v1/predictions/0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("/api/v1/predictions/..%2F..%2Fetc%2Fpasswd/image")]
    [InlineData("/api/v1/predictions?limit=0")]
    [InlineData("/api/v1/predictions?limit=101")]
    public async Task A_malformed_id_or_limit_is_400(string path)
    {
        using var response = await Uploads.GetAsync(Client, path);
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/image")]
    [InlineData("/annotated")]
    public async Task An_unknown_prediction_is_404(string suffix)
    {
        using var response = await Uploads.GetAsync(Client, $"/api/v1/predictions/{UnknownId}{suffix}");
        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_route_is_404()
    {
        using var response = await Uploads.GetAsync(Client, "/api/v2/nothing");
        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", "/api/v2/nothing", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/predictions", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PUT", "/api/v1/models", HttpStatusCode.MethodNotAllowed)]
    public async Task A_bare_status_is_problem_json_even_when_the_client_accepts_only_images(string method, string path, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Headers = { { "Accept", "image/png" } } };
        using var response = await Client.SendAsync(request);
        await Problems.AssertProblemAsync(response, status);
    }

    [Fact]
    public async Task A_query_that_does_not_bind_is_a_400_problem_in_production_too()
    {
        // Outside Development a binding failure is a bare 400 (no exception), answered by the status-code pages.
        using var data = new TempDirectory();
        using var factory = new ServerFactory(data.Path, new() { ["environment"] = "Production" });
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/predictions?limit=many") { Headers = { { "Accept", "image/png" } } };
        using var response = await client.SendAsync(request);
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("plain text, not an image")]
    [InlineData("GIF89a\u0001\u0000\u0001\u0000")]
    [InlineData("PK\u0003\u0004 a zip archive")]
    [InlineData("BM a bitmap is not accepted either")]
    public async Task Bytes_that_are_not_jpeg_png_or_dicom_are_415_whatever_the_name_says(string content)
    {
        using var response = await Uploads.PostAsync(Client, Encoding.Latin1.GetBytes(content), "xray.jpg");
        await Problems.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Junk_behind_a_dicom_marker_is_422()
    {
        var dicom = new byte[256];
        "DICM"u8.CopyTo(dicom.AsSpan(128));
        using var response = await Uploads.PostAsync(Client, dicom, "study.dcm");
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Undecodable image", problem.GetProperty("title").GetString());
        Assert.StartsWith("dicom: DICOM file meta information missing", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(300)] // inside the file meta information: GDCM aborts its (worker) process on this one
    [InlineData(200_000)] // inside the pixel data
    public async Task A_truncated_dicom_is_422_and_the_server_lives_on(int cut)
    {
        var dicom = File.ReadAllBytes(TestPaths.DicomFixture)[..cut];
        using var response = await Uploads.PostAsync(Client, dicom, "study.dcm");
        await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        using var health = await Uploads.GetAsync(Client, "/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_truncated_jpeg_is_422()
    {
        var bytes = FixtureBytes();
        using var response = await Uploads.PostAsync(Client, bytes[..(bytes.Length / 2)]);
        await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_png_with_a_broken_header_is_422()
    {
        var png = ImageEncoder.EncodePng(ImageDecoder.Decode(FixtureBytes()));
        png[20] ^= 0x55; // inside IHDR: its CRC no longer matches
        using var response = await Uploads.PostAsync(Client, png, "x.png");
        await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_jpeg_whose_header_claims_more_than_the_pixel_limit_is_422_before_decoding()
    {
        var bytes = FixtureBytes();
        var sof = FindStartOfFrame(bytes);
        bytes[sof + 5] = bytes[sof + 6] = bytes[sof + 7] = bytes[sof + 8] = 0xEA; // 60138 x 60138 = 3.6 GP
        using var response = await Uploads.PostAsync(Client, bytes);
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Image too large", problem.GetProperty("title").GetString());
        Assert.Contains("60138x60138", Problems.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readiness_probe_is_503_when_the_database_is_gone()
    {
        Assert.Equal(HttpStatusCode.OK, (await Uploads.GetAsync(Client, "/readyz")).StatusCode);
        var database = Path.Combine(DataDirectory, "fracture.db");
        foreach (var file in Directory.EnumerateFiles(DataDirectory, "fracture.db*"))
        {
            File.Delete(file);
        }

        // A folder where the database was: SQLite cannot open it once the pooled connections are gone.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.CreateDirectory(database);
        using var response = await Uploads.GetAsync(Client, "/readyz");
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.DoesNotContain(DataDirectory, Problems.Detail(problem), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Uploads.GetAsync(Client, "/healthz")).StatusCode);
    }

    /// <summary>Offset of the SOF0/SOF2 marker (FF C0/C2): height at +5, width at +7, both big-endian.</summary>
    private static int FindStartOfFrame(byte[] jpeg)
    {
        for (var i = 2; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2)
            {
                return i;
            }
        }

        throw new InvalidOperationException("fixture JPEG has no SOF0/SOF2 marker");
    }
}
