using Fracture.Cli.Predict;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>How `predict --source` turns a file, folder or glob pattern into image files, and where `--save` writes.</summary>
public sealed class PredictSourcesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public PredictSourcesTests()
    {
        foreach (var file in new[] { "s/a.jpg", "s/B.PNG", "s/c.txt", "s/.hidden.jpg", "s/sub/d.jpg", "s/sub/deeper/e.webp", "s/sub/f1.bmp", "s/sub/f2.bmp", "s/sub/fx.bmp", "t/g.jpeg", "u/b.jpg", "u/x[.jpg", "u/]a.jpg", "v[/c.jpg" })
        {
            _temp.Write(file, "content is not looked at");
        }
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// A folder the user may not read is left out of a glob's walk as a recursive folder source leaves it out: the
    /// readable images are predicted, and the run does not stop (a glob stopped with an unhandled error before).
    /// </summary>
    [Theory]
    [InlineData("scans/**/*.jpg")]
    [InlineData("scans/*/*.jpg")]
    [InlineData("scans")]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void An_unreadable_folder_is_left_out_of_a_glob_and_a_recursive_folder(string source)
    {
        File.Copy(RepoPaths.FixtureImages()[0], _temp.File("scans/open/p1.jpg"));
        File.Copy(RepoPaths.FixtureImages()[1], _temp.File("scans/locked/p2.jpg"));
        var locked = _temp.File("scans/locked/p2.jpg")[..^"/p2.jpg".Length];
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            var result = CliRunner.RunBoundByPermissions(_temp.Path, "predict", "--model", Path.Combine(RepoPaths.RepoRoot, "models", "fracture-classifier.onnx"), "--source", source, "--recursive", "--json", "p.json");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_temp.File("p.json")));
            Assert.Equal(["p1.jpg"], json.RootElement.EnumerateArray().Select(r => r.GetProperty("image").GetString()));
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void A_folder_gives_its_image_files_sorted_and_counts_the_others()
    {
        var sources = ImageSources.Resolve("s", recursive: false, _temp.Path);

        Assert.Equal([Full("s/B.PNG"), Full("s/a.jpg")], sources.Files);
        Assert.Equal(1, sources.Ignored);
    }

    [Fact]
    public void A_recursive_folder_includes_subfolders()
    {
        var sources = ImageSources.Resolve(Full("s"), recursive: true, "/");

        Assert.Equal(
            ["s/B.PNG", "s/a.jpg", "s/sub/d.jpg", "s/sub/deeper/e.webp", "s/sub/f1.bmp", "s/sub/f2.bmp", "s/sub/fx.bmp"],
            sources.Files.Select(f => Path.GetRelativePath(_temp.Path, f)));
    }

    [Fact]
    public void A_file_is_taken_whatever_its_extension()
    {
        Assert.Equal([Full("s/c.txt")], ImageSources.Resolve("s/c.txt", recursive: false, _temp.Path).Files);
    }

    [Theory]
    [InlineData("s/*.jpg", "s/a.jpg")]
    [InlineData("s/**/*.jpg", "s/a.jpg s/sub/d.jpg")]
    [InlineData("**/*.jpeg", "t/g.jpeg")]
    [InlineData("s/sub/f?.bmp", "s/sub/f1.bmp s/sub/f2.bmp s/sub/fx.bmp")]
    [InlineData("s/sub/f[12].bmp", "s/sub/f1.bmp s/sub/f2.bmp")]
    [InlineData("s/sub/f[!12].bmp", "s/sub/fx.bmp")]
    [InlineData("s/sub/f[0-1].bmp", "s/sub/f1.bmp")]
    [InlineData("*/sub/**", "s/sub/d.jpg s/sub/deeper/e.webp s/sub/f1.bmp s/sub/f2.bmp s/sub/fx.bmp")]
    [InlineData("s/*", "s/B.PNG s/a.jpg")]
    [InlineData("s/.*", "s/.hidden.jpg")]
    [InlineData("v[/*.jpg", "v[/c.jpg")]
    [InlineData("u/x[.jpg", "u/x[.jpg")]
    [InlineData("u/[]]*", "u/]a.jpg")]
    [InlineData("u/[!]]*", "u/b.jpg u/x[.jpg")]
    public void Glob_patterns_match_as_a_shell_does(string pattern, string expected)
    {
        var sources = ImageSources.Resolve(pattern, recursive: false, _temp.Path);

        Assert.Equal(expected.Split(' '), sources.Files.Select(f => Path.GetRelativePath(_temp.Path, f).Replace('\\', '/')));
    }

    [Fact]
    public void A_reversed_range_is_bad_input_that_says_so()
    {
        var error = Assert.Throws<PredictInputException>(() => ImageSources.Resolve("s/sub/f[2-1].bmp", recursive: false, _temp.Path));

        Assert.Equal("'f[2-1].bmp' is not a valid glob pattern: a range in [...] runs backwards (write [a-z], not [z-a])", error.Message);
    }

    [Fact]
    public void An_absolute_glob_pattern_ignores_the_base_folder()
    {
        var sources = ImageSources.Resolve(Full("s") + "/**/e.*", recursive: false, "/");

        Assert.Equal([Full("s/sub/deeper/e.webp")], sources.Files);
    }

    [Fact]
    public void Glob_counts_the_non_image_files_it_matched()
    {
        Assert.Equal(1, ImageSources.Resolve("s/*", recursive: false, _temp.Path).Ignored);
    }

    [Fact]
    public void Save_names_keep_the_stem_and_never_hit_an_input_or_each_other()
    {
        string[] inputs = [Full("s/a.jpg"), Full("s/a.png"), Full("s/b.png"), Full("s/sub/b.png"), Full("s/sub/c.jpg")];

        var names = SaveNames.Plan(inputs, Full("s"));

        // a.png is an input, so a.jpg keeps its extension; b.png.png is taken by the first b.png, so the second counts.
        Assert.Equal(["s/a.jpg.png", "s/a.png.png", "s/b.png.png", "s/b-2.png", "s/c.png"], names.Select(n => Path.GetRelativePath(_temp.Path, n)));
    }

    private string Full(string relative) => Path.Combine(_temp.Path, relative);
}
