// The smallest program that uses JointDislocation.ML as a NuGet package: it creates a context with a seed,
// lists the joints the library models and shows how component seeds are derived from the one seed.
using JointDislocation.ML;

var seed = args.Length > 0 && int.TryParse(args[0], out var parsed) ? parsed : 42;
var context = new DislocationContext(seed);

Console.WriteLine($"JointDislocation.ML {DislocationContext.LibraryVersion}");
Console.WriteLine($"seed {context.Seed}");
foreach (var joint in JointNames.All)
{
    // Each joint's phantoms and training draw from their own seed, derived from the context's one seed.
    Console.WriteLine($"{joint.ToName(),-8} seed {context.DeriveSeed($"joint/{joint.ToName()}")}");
}
