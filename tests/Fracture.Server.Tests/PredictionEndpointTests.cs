using System.Net;
using System.Security.Cryptography;
using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Inference.Rendering;
using Fracture.Server.Contracts;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>The happy paths: a fixture X-ray in, findings, classification, verdict and stored images out.</summary>
public sealed class PredictionEndpointTests : ServerTestBase
{
    [Fact]
    public async Task A_fixture_xray_gets_the_findings_the_predictors_give_in_process()
    {
        var bytes = FixtureBytes();
        using var response = await Uploads.PostAsync(Client, bytes, "../../etc/elbow.jpg");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var prediction = (await System.Text.Json.JsonSerializer.DeserializeAsync<Prediction>(await response.Content.ReadAsStreamAsync(), Storage.ServerJson.Options))!;
        Assert.Equal($"/api/v1/predictions/{prediction.Id}", response.Headers.Location?.OriginalString);
        Assert.Matches("^[0-9a-f]{32}$", prediction.Id);

        // The image as uploaded: display name only, format from the bytes, size, content hash.
        var decoded = ImageDecoder.Decode(bytes);
        Assert.Equal(new PredictedImage("elbow.jpg", "jpeg", decoded.Width, decoded.Height, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length), prediction.Image);
        Assert.Equal("all", prediction.Task);
        Assert.Equal(0.05, prediction.Confidence);

        // Findings: exactly the box model's own at the server's default confidence, most confident first. The box
        // model of task "all" is the segmenter when one is shipped (findings with outlines), else the detector.
        var detector = SharedModels.BoxModel;
        var boxTask = ModelMetadata.TaskName(detector.Task);
        var expected = detector.Predictor.Predict(decoded, new PredictSettings(Confidence: 0.05, Iou: new Options.ServerOptions().Iou)).Findings.OrderByDescending(f => f.Score).ToList();
        Assert.Equal(expected.Count, prediction.Findings.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (want, got) = (expected[i], prediction.Findings[i]);
            Assert.Equal((want.ClassId, want.Name, want.Score), (got.ClassId, got.ClassName, got.Confidence));
            Assert.Equal(new FindingBox(want.Box.X1, want.Box.Y1, want.Box.X2, want.Box.Y2), got.Box);
            Assert.Equal(detector.Id, got.Model);
            Assert.Equal(want.Polygon?.Select(p => new[] { p.X, p.Y }), got.Outline);
        }

        // Classification: the classifier's own answer at its operating threshold.
        var classifier = SharedModels.Catalog.For(ModelTask.Classify)!;
        var scores = classifier.Predictor.Predict(decoded).Classification!;
        var classification = prediction.Classification!;
        Assert.Equal("fracture-classifier", classification.Model);
        Assert.Equal((scores.TopName, scores.TopScore, scores.FractureProbability, scores.IsFracture), (classification.TopClass, classification.TopScore, classification.FractureProbability, classification.Suspected));
        Assert.Equal(classifier.Metadata.Threshold, classification.Threshold);
        Assert.Equal(classifier.Metadata.Names, classification.Probabilities.Select(p => p.ClassName));
        Assert.Equal(1 - classification.Probabilities[0].Probability, classification.FractureProbability!.Value, 9);

        // Verdict: one vote per model with a threshold; suspected when any vote is.
        var votes = prediction.Verdict.Evidence.ToDictionary(e => e.Task);
        Assert.Equal(new VerdictEvidence("fracture-classifier", "classify", scores.FractureProbability!.Value, classifier.Metadata.Threshold!.Value, scores.IsFracture!.Value), votes["classify"]);
        var best = expected.Count == 0 ? 0 : expected[0].Score;
        Assert.Equal(new VerdictEvidence(detector.Id, boxTask, best, detector.Metadata.Threshold!.Value, best >= detector.Metadata.Threshold!.Value && expected.Count > 0), votes[boxTask]);
        Assert.Equal(votes.Values.Any(v => v.Suspected), prediction.Verdict.FractureSuspected);

        Assert.Equal(["fracture-classifier", detector.Id], prediction.Models.Select(m => m.Id));
        Assert.Equal([classifier.Sha256, detector.Sha256], prediction.Models.Select(m => m.Sha256));
        var boxMs = detector.Task == ModelTask.Segment ? prediction.Timings.SegmentMs : prediction.Timings.DetectMs;
        Assert.True(prediction.Timings is { DecodeMs: >= 0, ClassifyMs: > 0 } && boxMs > 0);
        Assert.Null(detector.Task == ModelTask.Segment ? prediction.Timings.DetectMs : prediction.Timings.SegmentMs);
        Assert.True(prediction.Timings.TotalMs >= prediction.Timings.DecodeMs + prediction.Timings.ClassifyMs + boxMs - 0.1);
        Assert.Equal(PredictionLinks.For(prediction.Id), prediction.Links);
    }

    [Fact]
    public async Task Get_by_id_returns_what_the_post_returned()
    {
        using var posted = await Uploads.PostAsync(Client, FixtureBytes(1));
        var postedJson = await posted.Content.ReadAsStringAsync();
        var id = System.Text.Json.JsonDocument.Parse(postedJson).RootElement.GetProperty("id").GetString();

        using var fetched = await Uploads.GetAsync(Client, $"/api/v1/predictions/{id}");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(postedJson, await fetched.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_image_endpoint_gives_the_upload_as_a_lossless_png()
    {
        var prediction = await PostFixtureAsync(2);
        using var response = await Uploads.GetAsync(Client, prediction.Links.Image);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);

        var png = ImageDecoder.Decode(await response.Content.ReadAsByteArrayAsync());
        var original = ImageDecoder.Decode(FixtureBytes(2));
        Assert.Equal((original.Width, original.Height), (png.Width, png.Height));
        Assert.Equal(original.Pixels, png.Pixels);
    }

    [Fact]
    public async Task The_annotated_image_has_the_top_finding_drawn_in_its_class_colour()
    {
        var prediction = await PostFixtureAsync(0, conf: "0.01");
        Assert.NotEmpty(prediction.Findings);
        using var response = await Uploads.GetAsync(Client, prediction.Links.Annotated);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var annotated = ImageDecoder.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((prediction.Image.Width, prediction.Image.Height), (annotated.Width, annotated.Height));

        // Somewhere within 3 px of the middle of the top finding's left edge is its class colour (boxes are not antialiased).
        var top = prediction.Findings[0];
        var colour = ClassPalette.For(top.ClassId);
        var (x, y) = ((int)Math.Round(top.Box.X1), (int)Math.Round((top.Box.Y1 + top.Box.Y2) / 2));
        var found = false;
        for (var dx = -3; dx <= 3 && !found; dx++)
        {
            var px = Math.Clamp(x + dx, 0, annotated.Width - 1);
            var i = (y * annotated.Width + px) * 3;
            found = annotated.Pixels[i] == colour.Red && annotated.Pixels[i + 1] == colour.Green && annotated.Pixels[i + 2] == colour.Blue;
        }

        Assert.True(found, $"no {colour} pixel near ({x}, {y})");
    }

    [Fact]
    public async Task A_png_upload_is_accepted_and_stored_as_png()
    {
        var png = ImageEncoder.EncodePng(ImageDecoder.Decode(FixtureBytes(3)));
        using var response = await Uploads.PostAsync(Client, png, "scan.png");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var prediction = (await System.Text.Json.JsonSerializer.DeserializeAsync<Prediction>(await response.Content.ReadAsStreamAsync(), Storage.ServerJson.Options))!;
        Assert.Equal("png", prediction.Image.Format);
        Assert.True(File.Exists(Path.Combine(DataDirectory, "images", prediction.Image.Sha256[..2], prediction.Image.Sha256 + ".png")));
    }

    [Fact]
    public async Task A_16_bit_dicom_upload_is_windowed_and_predicts_as_its_source_jpeg_does()
    {
        using var dicomResponse = await Uploads.PostAsync(Client, File.ReadAllBytes(TestPaths.DicomFixture), "study.dcm");
        Assert.Equal(HttpStatusCode.Created, dicomResponse.StatusCode);
        var dicom = (await System.Text.Json.JsonSerializer.DeserializeAsync<Prediction>(await dicomResponse.Content.ReadAsStreamAsync(), Storage.ServerJson.Options))!;
        using var jpegResponse = await Uploads.PostAsync(Client, File.ReadAllBytes(TestPaths.DicomSource), "source.jpg");
        var jpeg = (await System.Text.Json.JsonSerializer.DeserializeAsync<Prediction>(await jpegResponse.Content.ReadAsStreamAsync(), Storage.ServerJson.Options))!;

        Assert.Equal(("dicom", 512, 406), (dicom.Image.Format, dicom.Image.Width, dicom.Image.Height));
        Assert.True(File.Exists(Path.Combine(DataDirectory, "images", dicom.Image.Sha256[..2], dicom.Image.Sha256 + ".png"))); // not the file with its patient tags

        // The fixture's window maps its 16-bit values back to the JPEG's grey bytes, so the models see the same pixels.
        Assert.Equal(Findings.Json(jpeg.Findings), Findings.Json(dicom.Findings));
        Assert.Equal(jpeg.Classification!.FractureProbability, dicom.Classification!.FractureProbability);
        Assert.Equal(jpeg.Verdict.FractureSuspected, dicom.Verdict.FractureSuspected);

        // The page shows the stored input as PNG: the windowed 8-bit image, pixel for pixel the JPEG's decode.
        using var image = await Uploads.GetAsync(Client, dicom.Links.Image);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        var png = ImageDecoder.Decode(await image.Content.ReadAsByteArrayAsync(), new DecodeOptions(PixelFormat.Gray8));
        var source = ImageDecoder.Decode(File.ReadAllBytes(TestPaths.DicomSource), new DecodeOptions(PixelFormat.Gray8));
        Assert.Equal(source.Pixels, png.Pixels);
    }

    [Fact]
    public async Task Task_classify_runs_the_classifier_alone()
    {
        var prediction = await PostFixtureAsync(task: "classify");
        Assert.Equal("classify", prediction.Task);
        Assert.Empty(prediction.Findings);
        Assert.NotNull(prediction.Classification);
        Assert.Equal(["fracture-classifier"], prediction.Models.Select(m => m.Id));
        Assert.Equal(["classify"], prediction.Verdict.Evidence.Select(e => e.Task));
        Assert.True(prediction.Timings is { ClassifyMs: not null, DetectMs: null, SegmentMs: null });
    }

    [Fact]
    public async Task Task_detect_with_a_confidence_returns_only_findings_at_or_above_it()
    {
        var all = await PostFixtureAsync(0, task: "detect", conf: "0.01");
        var high = await PostFixtureAsync(0, task: "detect", conf: "0.07");
        Assert.Null(high.Classification);
        Assert.Equal(["fracture-detector"], high.Models.Select(m => m.Id));
        Assert.Equal(0.07, high.Confidence);
        Assert.All(high.Findings, f => Assert.True(f.Confidence >= 0.07));
        Assert.Equal(Findings.Json([.. all.Findings.Where(f => f.Confidence >= 0.07)]), Findings.Json(high.Findings));

        // The verdict does not depend on the display bound: the detector's vote is the same.
        Assert.Equal(all.Verdict.FractureSuspected, high.Verdict.FractureSuspected);
        Assert.Equal(all.Verdict.Evidence, high.Verdict.Evidence);
    }

    [Fact]
    public async Task Task_and_conf_may_come_in_the_query()
    {
        using var response = await Client.PostAsync(new Uri($"{Uploads.Endpoint}?task=detect&conf=0.5", UriKind.Relative), Uploads.Form(FixtureBytes()));
        var prediction = (await System.Text.Json.JsonSerializer.DeserializeAsync<Prediction>(await response.Content.ReadAsStreamAsync(), Storage.ServerJson.Options))!;
        Assert.Equal(("detect", 0.5), (prediction.Task, prediction.Confidence));
    }

    [Fact]
    public async Task The_history_lists_the_newest_first_with_its_top_finding()
    {
        var first = await PostFixtureAsync(0, conf: "0.01");
        var second = await PostFixtureAsync(1, task: "classify");
        var third = await PostFixtureAsync(2, task: "classify");

        var list = await GetJsonAsync<PredictionList>("/api/v1/predictions?limit=2");
        Assert.Equal([third.Id, second.Id], list.Items.Select(i => i.Id));

        var all = await GetJsonAsync<PredictionList>("/api/v1/predictions");
        Assert.Equal([third.Id, second.Id, first.Id], all.Items.Select(i => i.Id));
        var summary = all.Items[2];
        var atThreshold = first.Findings.Count(f => first.Verdict.Evidence.Any(e => e.Model == f.Model && f.Confidence >= e.Threshold));
        Assert.Equal(
            new PredictionSummary(first.Id, first.CreatedUtc, first.Image.FileName, first.Image.Width, first.Image.Height, first.Verdict.FractureSuspected, first.Findings.Count, atThreshold, null),
            summary with { TopFinding = null });
        Assert.Equal(Findings.Json([first.Findings[0]]), Findings.Json([summary.TopFinding!]));
        Assert.Null(all.Items[0].TopFinding);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_history_entry_counts_the_findings_at_the_box_models_threshold_apart_from_all_stored(int fixture)
    {
        // As the page uploads: conf 0.01, far below the box model's operating threshold, so most findings are weak.
        var posted = await PostFixtureAsync(fixture, conf: "0.01");
        var summary = (await GetJsonAsync<PredictionList>("/api/v1/predictions")).Items.Single();
        var boxes = posted.Verdict.Evidence.Single(e => e.Task is "detect" or "segment");

        Assert.Equal(posted.Findings.Count, summary.FindingCount);
        Assert.Equal(posted.Findings.Count(f => f.Confidence >= boxes.Threshold), summary.SuspectedFindingCount);
        Assert.True(summary.SuspectedFindingCount <= summary.FindingCount);

        // With conf below the threshold every finding the vote saw is stored: the box model suspects a fracture
        // exactly when it has a finding at its threshold (a "clear" box vote never shows findings here).
        Assert.Equal(boxes.Suspected, summary.SuspectedFindingCount > 0);
    }

    [Fact]
    public async Task Models_lists_each_model_with_its_file_hash_and_metadata()
    {
        var models = await GetJsonAsync<ModelList>("/api/v1/models");
        Assert.Equal(SharedModels.Catalog.Models.Select(m => m.Id), models.Models.Select(m => m.Id));
        Assert.Equal(["fracture-classifier", "fracture-detector"], models.Models.Select(m => m.Id).Take(2));
        foreach (var model in models.Models)
        {
            var path = Path.Combine(TestPaths.Models, model.Id + ".onnx");
            var loaded = SharedModels.Catalog.Models.Single(m => m.Id == model.Id);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), model.Sha256);
            Assert.Equal(new FileInfo(path).Length, model.FileBytes);
            Assert.Equal(ModelMetadata.TaskName(loaded.Task), model.Task);
            Assert.Equal(loaded.Metadata.Names, model.ClassNames);
            Assert.Equal(new InputSize(loaded.Metadata.InputWidth, loaded.Metadata.InputHeight), model.InputSize);
            Assert.Equal(loaded.Metadata.Threshold, model.Threshold);
            Assert.Equal(loaded.Metadata.Weights, model.Precision);

            // Fracture's exports are raw head output: the server's Iou applies to them.
            Assert.False(model.NmsInModel);
        }
    }

    [Fact]
    public async Task Health_and_readiness_answer()
    {
        Assert.Equal(new HealthStatus("ok"), await GetJsonAsync<HealthStatus>("/healthz"));
        Assert.Equal(new HealthStatus("ready", SharedModels.Catalog.Models.Count), await GetJsonAsync<HealthStatus>("/readyz"));
    }

    [Fact]
    public async Task The_page_is_served_at_the_root()
    {
        using var response = await Uploads.GetAsync(Client, "/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
