using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>Module and optimiser state to and from bytes, for checkpoint sections.</summary>
public static class ModuleState
{
    public static byte[] Save(nn.Module module)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            module.save(writer);
        }

        return stream.ToArray();
    }

    public static void Load(nn.Module module, byte[] bytes, string what)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            module.load(reader, strict: true);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or EndOfStreamException or InvalidOperationException)
        {
            throw new CheckpointException($"the {what} in the checkpoint do not fit this network ({ex.Message})", ex);
        }
    }

    public static byte[] Save(optim.Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        }

        return stream.ToArray();
    }

    public static void Load(optim.Optimizer optimizer, byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or EndOfStreamException or InvalidOperationException)
        {
            throw new CheckpointException($"the optimiser state in the checkpoint does not fit this run ({ex.Message})", ex);
        }
    }
}
