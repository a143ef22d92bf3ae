using System.Reflection;
using BenchmarkDotNet.Running;
using JointDislocation.ML.Benchmarks;

// Quick whole-operation modes by name; anything else goes to BenchmarkDotNet's switcher (micro benchmarks).
var quick = typeof(IQuickBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IQuickBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IQuickBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length > 0 && quick.FirstOrDefault(b => b.Name == args[0]) is { } mode)
{
    return await mode.RunAsync(args[1..]);
}

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("Quick modes:");
    foreach (var benchmark in quick)
    {
        Console.WriteLine($"  {benchmark.Name,-12} {benchmark.Description}");
    }

    Console.WriteLine("Micro benchmarks: --filter '*' (BenchmarkDotNet options).");
    return 0;
}

BenchmarkSwitcher.FromAssembly(Assembly.GetExecutingAssembly()).Run(args);
return 0;
