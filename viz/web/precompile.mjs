// Compile the page's Python ahead of time, in the same Pyodide the page runs (CPython 3.14 in WebAssembly):
//   node precompile.mjs NODE_MODULES OUT.zip WHEEL...
// unpacks the wheels where the page unpacks them (site-packages), compiles every module to bytecode that
// needs no check against its source (PEP 552 "unchecked-hash": an unpacked file's time stamp is not kept),
// and writes only the __pycache__ files to OUT.zip.  The page unpacks that zip over the wheels, so its
// imports skip compiling: about a third of their time.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [modules, out, ...wheels] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(modules, "pyodide", "pyodide.mjs")).href);
const py = await loadPyodide({ stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n") });
const site = py.runPython("import site; site.getsitepackages()[0]");
for (const wheel of wheels) {
  py.unpackArchive(new Uint8Array(fs.readFileSync(wheel)), "wheel", { extractDir: site });
}
py.globals.set("wheels", py.toPy(wheels.map((w) => path.basename(w))));
const zipped = py.runPython(`
import compileall, io, os, py_compile, site, zipfile
root = site.getsitepackages()[0]
packages = sorted(d for d in os.listdir(root) if os.path.isfile(os.path.join(root, d, "__init__.py")))
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
    for package in packages:
        if not compileall.compile_dir(os.path.join(root, package), quiet=2,
                                      invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH):
            raise SystemExit(f"could not compile {package}")
        for folder, _, files in sorted(os.walk(os.path.join(root, package))):
            for name in sorted(files):
                if name.endswith(".pyc"):
                    full = os.path.join(folder, name)
                    info = zipfile.ZipInfo(os.path.relpath(full, root), date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, open(full, "rb").read())
buffer.getvalue()
`);
fs.writeFileSync(out, zipped.toJs());
zipped.destroy();
