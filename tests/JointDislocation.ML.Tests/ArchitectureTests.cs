using System.Reflection;
using System.Text.RegularExpressions;

namespace JointDislocation.ML.Tests;

/// <summary>
/// The library's folders are layers (docs/architecture.md): each may use only the layers below it. Two views are
/// checked: the source (every <c>using</c> and qualified name) and the compiled signatures (fields, properties,
/// method parameters and returns, base types), so neither a stray import nor a fully qualified name slips through.
/// </summary>
public partial class ArchitectureTests
{
    /// <summary>Bottom first. Layers on one rank do not use each other.</summary>
    private static readonly string[][] Ranks =
    [
        [""],
        ["Imaging"],
        ["Data"],
        ["Statistics"],
        ["Phantoms", "Augmentation", "Backbones"],
        ["Training"],
        ["Evaluation", "Saliency", "MlNet"],
        ["Reporting"],
        ["Reproduction"],
    ];

    private static int RankOf(string layer)
    {
        for (var i = 0; i < Ranks.Length; i++)
        {
            if (Ranks[i].Contains(layer))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool MayUse(string from, string to) => from == to || RankOf(to) < RankOf(from);

    [Test]
    public void Every_library_folder_is_a_known_layer()
    {
        var folders = Directory.GetDirectories(RepositoryPaths.LibrarySource)
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.That(folders.Where(f => RankOf(f!) < 0), Is.Empty, "folders missing from the layer order");
        Assert.That(folders, Does.Contain("Statistics").And.Contain("Imaging"));
    }

    [Test]
    public void Source_files_use_only_lower_layers()
    {
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.LibrarySource, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepositoryPaths.LibrarySource, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            var layer = Path.GetDirectoryName(relative)!.Split(Path.DirectorySeparatorChar)[0];
            foreach (Match match in QualifiedName().Matches(File.ReadAllText(file)))
            {
                var used = match.Groups[1].Value;
                if (RankOf(used) >= 0 && !MayUse(layer, used))
                {
                    violations.Add($"{relative}: {(layer.Length == 0 ? "root" : layer)} uses {used}");
                }
            }
        }

        Assert.That(violations.Distinct(), Is.Empty);
    }

    [Test]
    public void Compiled_signatures_use_only_lower_layers()
    {
        var assembly = typeof(Joint).Assembly;
        var violations = new List<string>();
        foreach (var type in assembly.GetTypes())
        {
            var layer = LayerOf(type);
            if (layer is null)
            {
                continue;
            }

            foreach (var used in SignatureTypes(type).Select(LayerOf).OfType<string>().Distinct())
            {
                if (!MayUse(layer, used))
                {
                    violations.Add($"{type.FullName}: {(layer.Length == 0 ? "root" : layer)} uses {used}");
                }
            }
        }

        Assert.That(violations, Is.Empty);
    }

    [Test]
    public void The_layer_check_sees_a_violation()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MayUse("Statistics", "Training"), Is.False);
            Assert.That(MayUse("Training", "Evaluation"), Is.False);
            Assert.That(MayUse("Phantoms", "Backbones"), Is.False, "same rank");
            Assert.That(MayUse("Evaluation", "Training"), Is.True);
            Assert.That(MayUse("Imaging", ""), Is.True);
            Assert.That(LayerOf(typeof(ML.Statistics.DeLong)), Is.EqualTo("Statistics"));
        });
    }

    [Test]
    public void The_architecture_picture_matches_the_code()
    {
        var path = Path.Combine(RepositoryPaths.Root, "docs", "images", "architecture-layers.svg");
        Assert.That(File.Exists(path), Is.True, "docs/images/architecture-layers.svg is missing: run Write_architecture_picture");
        Assert.That(File.ReadAllText(path), Is.EqualTo(LayerDiagram.Render(Ranks, SourceDependencies())),
            "the layers or their dependencies changed: run the explicit test Write_architecture_picture and commit the SVG");
    }

    [Test]
    [Explicit("Regenerates docs/images/architecture-layers.svg")]
    public void Write_architecture_picture() =>
        File.WriteAllText(Path.Combine(RepositoryPaths.Root, "docs", "images", "architecture-layers.svg"), LayerDiagram.Render(Ranks, SourceDependencies()));

    /// <summary>Which layer uses which, read from the sources; each layer with its file count.</summary>
    private static LayerDependencies SourceDependencies()
    {
        var uses = new SortedSet<(string From, string To)>();
        var files = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.LibrarySource, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepositoryPaths.LibrarySource, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            var layer = Path.GetDirectoryName(relative)!.Split(Path.DirectorySeparatorChar)[0];
            files[layer] = files.GetValueOrDefault(layer) + 1;
            var text = File.ReadAllText(file);
            foreach (Match match in QualifiedName().Matches(text))
            {
                var used = match.Groups[1].Value;
                if (used != layer && RankOf(used) >= 0)
                {
                    uses.Add((layer, used));
                }
            }

            // The root namespace is imported implicitly by every layer's file-scoped namespace; count it as used
            // when a root type is named.
            if (layer.Length > 0 && RootTypes.Value.Any(name => Regex.IsMatch(text, $@"\b{name}\b")))
            {
                uses.Add((layer, string.Empty));
            }
        }

        return new LayerDependencies(files, uses);
    }

    private static readonly Lazy<string[]> RootTypes = new(() => typeof(Joint).Assembly.GetTypes()
        .Where(t => t.Namespace == "JointDislocation.ML" && !t.IsNested && !t.Name.Contains('<', StringComparison.Ordinal))
        .Select(t => t.Name.Split('`')[0])
        .Distinct()
        .ToArray());

    private static string? LayerOf(Type type)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType!;
        }

        var ns = type.Namespace;
        if (ns is null || type.Assembly != typeof(Joint).Assembly || !ns.StartsWith("JointDislocation.ML", StringComparison.Ordinal))
        {
            return null;
        }

        return ns == "JointDislocation.ML" ? string.Empty : ns["JointDislocation.ML.".Length..].Split('.')[0];
    }

    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var direct = new List<Type>();
        if (type.BaseType is not null)
        {
            direct.Add(type.BaseType);
        }

        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(all).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }
        }

        return direct.SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var inner in Unwrap(type.GetElementType()!))
            {
                yield return inner;
            }

            yield break;
        }

        yield return type;
        if (type.IsGenericType)
        {
            foreach (var inner in type.GetGenericArguments().SelectMany(Unwrap))
            {
                yield return inner;
            }
        }
    }

    [GeneratedRegex(@"JointDislocation\.ML\.([A-Z][A-Za-z]+)")]
    private static partial Regex QualifiedName();
}
