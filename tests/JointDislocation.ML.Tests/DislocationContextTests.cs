namespace JointDislocation.ML.Tests;

public class DislocationContextTests
{
    [Test]
    public void Derived_seeds_depend_on_seed_and_name_only()
    {
        var a = new DislocationContext(42);
        var b = new DislocationContext(42);

        Assert.That(a.DeriveSeed("phantoms/hip"), Is.EqualTo(b.DeriveSeed("phantoms/hip")));
        Assert.That(a.DeriveSeed("phantoms/hip"), Is.Not.EqualTo(a.DeriveSeed("phantoms/tha")));
        Assert.That(a.DeriveSeed("phantoms/hip"), Is.Not.EqualTo(new DislocationContext(43).DeriveSeed("phantoms/hip")));
    }

    [Test]
    public void Derived_seed_is_stable_across_runs_and_platforms()
    {
        // A fixed value: if the derivation changes, every seeded output of the library changes with it.
        Assert.That(new DislocationContext(42).DeriveSeed("phantoms/hip"), Is.EqualTo(911199191));
    }

    [Test]
    public void Library_version_has_no_build_metadata()
    {
        Assert.That(DislocationContext.LibraryVersion, Does.Match(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$"));
    }
}
