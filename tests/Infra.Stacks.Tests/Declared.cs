using System.Collections.Immutable;

namespace Infra.Stacks.Tests;

/// <summary>A resource the program declared, as the mock engine saw it.</summary>
public sealed record Declared(string Type, string Name, ImmutableDictionary<string, object> Inputs, ImmutableDictionary<string, object> Outputs)
{
    /// <summary>How failure messages name the resource.</summary>
    public string Urn(string stack) => $"urn:pulumi:{stack}::infra::{Type}::{Name}";

    /// <summary>The input at a property path, or null.</summary>
    public object? At(params string[] path)
    {
        object? node = Inputs;
        foreach (var key in path)
        {
            node = node is IReadOnlyDictionary<string, object> map && map.TryGetValue(key, out var next) ? next : null;
        }

        return node;
    }

    /// <summary>The list at a property path; empty when absent.</summary>
    public IReadOnlyList<object> ListAt(params string[] path) => At(path) is ImmutableArray<object> list ? list : [];
}
