namespace PackageFixtures.Greeting;

/// <summary>A plug-in's private dependency: says which version of it was loaded.</summary>
public static class Greeter
{
#if V2
    private const string Greeting = "greeting v2";
#else
    private const string Greeting = "greeting v1";
#endif

    /// <summary>"greeting v1" or "greeting v2", after the assembly version that answered.</summary>
    public static string Greet() => Greeting;
}
