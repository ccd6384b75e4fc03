using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Builder;

namespace Bridge.UnitTests.PublicApi;

/// <summary>
/// The relay library's public surface, as a text dump compared with the checked-in Bridge.Relay.txt: adding,
/// removing or changing a public type or member fails here, so that it is a deliberate change (and a version
/// decision, docs/releases.md). On a difference the test writes the new dump next to the test assembly
/// (Bridge.Relay.received.txt); copy it over the checked-in file once the change is meant.
/// </summary>
public sealed class PublicApiTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void TheRelayLibraryExportsExactlyTheCheckedInSurface()
    {
        var assembly = typeof(BridgeRelayEndpointRouteBuilderExtensions).Assembly;
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PublicApi", "Bridge.Relay.txt")).ReplaceLineEndings("\n");

        var actual = Dump(assembly);

        if (actual != expected)
        {
            var received = Path.Combine(AppContext.BaseDirectory, "PublicApi", "Bridge.Relay.received.txt");
            File.WriteAllText(received, actual);
            Assert.Fail($"The public API of {assembly.GetName().Name} changed. Now:\n{actual}\nIf that is meant, copy {received} to tests/unit/PublicApi/Bridge.Relay.txt.");
        }
    }

    private static string Dump(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(type => type.FullName, StringComparer.Ordinal))
        {
            text.Append(TypeKind(type)).Append(' ').Append(type.FullName).Append('\n');
            var members = type.GetMembers(Declared)
                .Where(member => member is not MethodInfo { IsSpecialName: true })
                .Select(Describe)
                .Order(StringComparer.Ordinal);
            foreach (var member in members)
            {
                text.Append("  ").Append(member).Append('\n');
            }
        }
        return text.ToString();
    }

    private static string TypeKind(Type type) => type switch
    {
        { IsEnum: true } => "enum",
        { IsInterface: true } => "interface",
        { IsValueType: true } => "struct",
        { IsAbstract: true, IsSealed: true } => "static class",
        { IsSealed: true } => "sealed class",
        { IsAbstract: true } => "abstract class",
        _ => "class",
    };

    private static string Describe(MemberInfo member) => member switch
    {
        FieldInfo { IsLiteral: true } field => $"const {Name(field.FieldType)} {field.Name} = {Literal(field.GetRawConstantValue())}",
        FieldInfo field => $"{(field.IsStatic ? "static " : "")}{(field.IsInitOnly ? "readonly " : "")}{Name(field.FieldType)} {field.Name}",
        PropertyInfo property => $"{(property.GetMethod?.IsStatic == true ? "static " : "")}{Name(property.PropertyType)} {property.Name} {{ {Accessors(property)}}}",
        ConstructorInfo constructor => $"{(constructor.IsStatic ? "static " : "")}.ctor({Parameters(constructor)})",
        MethodInfo method => $"{(method.IsStatic ? "static " : "")}{Name(method.ReturnType)} {method.Name}({Parameters(method)})",
        EventInfo @event => $"event {Name(@event.EventHandlerType!)} {@event.Name}",
        Type nested => $"nested {TypeKind(nested)} {nested.Name}",
        _ => $"{member.MemberType} {member.Name}",
    };

    private static string Accessors(PropertyInfo property) =>
        (property.GetMethod?.IsPublic == true ? "get; " : "") + (property.SetMethod?.IsPublic == true ? "set; " : "");

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(parameter =>
        $"{(method.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute)) && parameter.Position == 0 ? "this " : "")}{Name(parameter.ParameterType)} {parameter.Name}{(parameter.HasDefaultValue ? " = " + Literal(parameter.DefaultValue) : "")}"));

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        bool flag => flag ? "true" : "false",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static string Name(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }
        if (type.IsGenericType)
        {
            var name = type.GetGenericTypeDefinition().FullName!;
            return $"{name[..name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
        }
        return type.FullName ?? type.Name;
    }
}
