using Fracture.Core.IO;

namespace Fracture.Core.Tests.IO;

/// <summary>An input is known by the file itself: every name that leads to it is refused as an output, no other.</summary>
public sealed class InputFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fracture-inputs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_link_to_the_file_a_relative_link_and_a_path_through_a_linked_folder_are_the_file()
    {
        var model = Write("models/m.onnx");
        File.CreateSymbolicLink(Path.Combine(_root, "link.json"), model);
        Directory.CreateSymbolicLink(Path.Combine(_root, "linked"), Path.Combine(_root, "models"));
        File.CreateSymbolicLink(Path.Combine(_root, "models", "rel.json"), "m.onnx");
        var inputs = new InputFiles().AddOption("--model", model);

        foreach (var output in new[] { model, "link.json", "linked/m.onnx", "models/../models/rel.json" })
        {
            var error = Assert.Throws<FractureException>(() => inputs.RefuseOutput("--json", Path.Combine(_root, output), "the metrics"));
            Assert.Equal($"--json names the --model file ({model}): the metrics would replace it; write them to another file", error.Message);
        }

        inputs.RefuseOutput("--json", Path.Combine(_root, "models", "m.json"), "the metrics");
        inputs.RefuseOutput("--json", null, "the metrics");
    }

    [Fact]
    public void A_missing_input_is_known_by_its_folder_and_name_and_the_first_description_stays()
    {
        Directory.CreateDirectory(Path.Combine(_root, "labels"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "linked"), Path.Combine(_root, "labels"));
        var label = Path.Combine(_root, "labels", "a.txt");
        var inputs = new InputFiles().Add(label, "a label file").AddOption("--data", label);

        var error = Assert.Throws<FractureException>(() => inputs.RefuseOutput("--csv", Path.Combine(_root, "linked", "a.txt"), "the rows", "write them elsewhere"));

        Assert.Equal($"--csv names a label file ({label}): the rows would replace it; write them elsewhere", error.Message);
        inputs.RefuseOutput("--csv", Path.Combine(_root, "linked", "b.txt"), "the rows");
    }

    private string Write(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "input");
        return path;
    }
}
