using System.Reflection;

namespace JointDislocation.ML;

/// <summary>
/// The entry point of the library, like ML.NET's <c>MLContext</c>: it holds the one seed from which every random
/// choice of a run is derived, so that the same seed on the same machine gives the same bytes out.
/// </summary>
public sealed class DislocationContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="seed">The seed every random choice flows from.</param>
    public DislocationContext(int seed = 0)
    {
        Seed = seed;
    }

    /// <summary>The seed every random choice of this context flows from.</summary>
    public int Seed { get; }

    /// <summary>The informational version of the library, for example <c>0.1.0</c>.</summary>
    public static string LibraryVersion { get; } = ReadVersion();

    /// <summary>Derives the seed of a named component, so that adding a component does not shift the others' draws.</summary>
    /// <param name="component">A stable name, for example <c>"phantoms/shoulder"</c>.</param>
    /// <returns>A seed that depends only on this context's seed and the name.</returns>
    public int DeriveSeed(string component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return SeedDerivation.Derive(Seed, component);
    }

    private static string ReadVersion()
    {
        var attribute = typeof(DislocationContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>();
        var version = attribute?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
