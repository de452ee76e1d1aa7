using System.Reflection;
using System.Reflection.Emit;

namespace Fracture.Training.Tests.Support;

/// <summary>
/// The methods an assembly's own code calls, read from its IL: each call, callvirt and newobj resolved to the method
/// it names, with the caller. Lets a test forbid calls the compiler inserts unseen (an operator, an implicit
/// conversion) that a text search of the source cannot tell apart.
/// </summary>
internal static class IlCallSites
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    public static IEnumerable<(MethodBase Caller, MethodBase Callee)> In(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        {
            var methods = type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all));
            foreach (var method in methods)
            {
                var il = method.GetMethodBody()?.GetILAsByteArray();
                if (il is null)
                {
                    continue;
                }

                foreach (var callee in Callees(method, il))
                {
                    yield return (method, callee);
                }
            }
        }
    }

    /// <summary>The methods one method's IL calls (none for a method without a body: abstract, extern).</summary>
    public static IEnumerable<MethodBase> Of(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            il = null;
        }

        return il is null ? [] : Callees(method, il);
    }

    private static IEnumerable<MethodBase> Callees(MethodBase method, byte[] il)
    {
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            var code = OpCodesByValue[value];
            at += code.Size;
            if (code.OperandType == OperandType.InlineMethod)
            {
                var token = BitConverter.ToInt32(il, at);
                var genericTypes = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
                var genericMethods = method.IsGenericMethod ? method.GetGenericArguments() : null;
                var callee = method.Module.ResolveMethod(token, genericTypes, genericMethods);
                if (callee is not null)
                {
                    yield return callee;
                }
            }

            at += OperandSize(code, il, at);
        }
    }

    private static int OperandSize(OpCode code, byte[] il, int at) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };
}
