"""What ``pizarra --help`` and every subcommand's ``--help`` say, in the class's language.

:data:`HELP` holds every help text of the command line: the description and examples of ``pizarra`` and of
each subcommand, each option's help, and argparse's own words (its section titles, ``-h``'s help).
:mod:`viz.cli.parser` and :mod:`viz.cli.network` build their options from it; the placeholders of the usage
line (``FILE``, ``NAME=VALUE``) are :class:`~viz.cli.messages.Parser`'s.  Texts with ``{fields}`` are
``format``-ed where they are used.
"""

from __future__ import annotations

from autograd.text import WordTable

__all__ = ["HELP"]

_EPILOG_EN = """\
examples:
  pizarra draw "tanh(x1*w1 + x2*w2 + b)" x1=2 w1=-3 x2=0 w2=1 b=6.8813735870195432 -o neuron.svg
  pizarra steps "0.5*(relu(w*x + b) - y)**2" w=4 x=1 b=7 y=5 --lang es --format markdown
  pizarra steps "z = w*x + b; yhat = relu(z); L = 0.5*(yhat - y)**2" w=4 x=1 b=7 y=5
  pizarra steps -f neurona.txt w=4 x=1 b=7 y=5
  pizarra check "sigmoid(a*b)" a=0.3 b=-1.2
  pizarra player "0.5*(relu(w*x + b) - y)**2" w=4 x=1 b=7 y=5 -o steps.html
  pizarra draw "z = w*x + b; L = 0.5*(relu(z) - y)**2" w=4 x=1 b=7 y=5 --step 3 -o paso3.png
  pizarra worksheet --kind two-layer --seed 17 --lang es -o hojas/
  pizarra check-answers hojas/respuestas_red_17.yaml --lang es
  pizarra network --kind two-layer --seed 17 --sample --grads --lang es -o red_17.png
  pizarra network red.json --sample 1.8 -3.4 5 --grads -o red.png   (red.json: MLP.save)

expressions: numbers, variables, + - * / ** (power), parentheses and the functions
  {functions}
  (sum, mean and logsumexp take a list [a, b, c]; dot takes two: dot([x1, x2], [w1, w2])).
  Quote the expression.  One that starts with '-' goes after '--':  pizarra steps -- "-x*y" x=1 y=2
names: assignments NAME = expression, separated by ; or new lines; the last one is the result, and
  each name labels its node in the diagrams and tables.  A file given with -f holds one per line.
values: NAME=VALUE for every variable, e.g. w1=-3 or b=6.88; with --lang es (or --decimal ,)
  a decimal comma is accepted too: b=6,88 (inside the expression itself, write 0.5).
"""

_EPILOG_ES = """\
ejemplos:
  pizarra draw "tanh(x1*w1 + x2*w2 + b)" x1=2 w1=−3 x2=0 w2=1 b=6,8813735870195432 --lang es -o neurona.svg
  pizarra steps "0.5*(relu(w*x + b) - y)**2" w=4 x=1 b=7 y=5 --lang es --format markdown
  pizarra steps "z = w*x + b; yhat = relu(z); L = 0.5*(yhat - y)**2" w=4 x=1 b=7 y=5 --lang es
  pizarra steps -f neurona.txt w=4 x=1 b=7 y=5 --lang es
  pizarra check "sigmoid(a*b)" a=0,3 b=−1,2 --lang es
  pizarra player "0.5*(relu(w*x + b) - y)**2" w=4 x=1 b=7 y=5 --lang es -o pasos.html
  pizarra draw "z = w*x + b; L = 0.5*(relu(z) - y)**2" w=4 x=1 b=7 y=5 --step 3 --lang es -o paso3.png
  pizarra worksheet --kind two-layer --seed 17 --lang es -o hojas/
  pizarra check-answers hojas/respuestas_red_17.yaml --lang es
  pizarra network --kind two-layer --seed 17 --sample --grads --lang es -o red_17.png
  pizarra network red.json --sample 1,8 −3,4 5 --grads --lang es -o red.png   (red.json: MLP.save)

expresiones: números, variables, + - * / ** (potencia), paréntesis y las funciones
  {functions}
  (sum, mean y logsumexp toman una lista [a, b, c]; dot toma dos: dot([x1, x2], [w1, w2])).
  Escribir la expresión entre comillas.  Si empieza con '-', va después de '--':  pizarra steps -- "-x*y" x=1 y=2
nombres: asignaciones NOMBRE = expresión, separadas por ; o por saltos de línea; la última es el resultado,
  y cada nombre rotula su nodo en los diagramas y las tablas.  Un archivo dado con -f tiene una por línea.
valores: NOMBRE=VALOR para cada variable, p. ej. w1=−3 o b=6,88; con --lang es (o --decimal ,) se escriben
  con coma decimal: b=6,88 (dentro de la expresión misma, escribir 0.5).
"""

HELP = WordTable(
    en={
        # argparse's own words
        "positionals": "positional arguments",
        "optionals": "options",
        "help": "show this help message and exit",
        # pizarra
        "description": "Backpropagation on the blackboard: draw a formula's computation graph, step through its "
                       "backward pass, check its gradients, or write a stepping player page; draw a network layer by "
                       "layer; make exercise sheets and grade their answers.",
        "epilog": _EPILOG_EN,
        "version": "show pizarra's version and exit",
        # the options every formula command takes
        "formula": "the formula, quoted, e.g. \"tanh(x*w + b)\" or \"z = w*x + b; L = 0.5*(relu(z) - y)**2\" "
                   "(not given with -f)",
        "values": "the value of each variable, e.g. w=-3",
        "file": "read the formula from FILE (UTF-8; one assignment per line, # for comments)",
        "lang": "language of tables and labels (default: en)",
        "decimal": "decimal mark (default: ',' with --lang es, '.' otherwise)",
        "precision": "significant digits of the numbers (default: 4)",
        "label": "a name for the result, shown in the diagram and in the table's ∂NAME/∂node (default: the "
                 "formula's last name, L in \"L = …\"; without one tables say ∂L/∂node)",
        "rankdir": "direction of the drawing (default: LR)",
        "title": "a caption above the drawing",
        "max_nodes": "refuse to draw more values than this (default: {most})",
        "table_format": "table format (default: text)",
        # draw
        "draw": "draw the computation graph (SVG, PNG, PDF or DOT)",
        "draw_description": "Draw the computation graph of the expression, after backward (data and grad of every "
                            "node) unless --forward-only.",
        "draw_output": "output file; the format comes from its suffix ({formats}); without it the DOT text is printed",
        "forward_only": "do not run backward; show the data only",
        "color_by": "colour nodes and edges by gradient sign and size (default: none)",
        "fit": "shape the drawing for a frame of this aspect ratio, e.g. 16:9 or 4:3: compact, narrow nodes left to "
               "right, padded to the frame; none keeps graphviz's own shape (default: {slide} for a picture "
               "({pictures}), none for DOT)",
        "step": "draw the graph right after step N of the backward pass (1 is the first +=, as numbered by pizarra "
                "steps): that moment's gradients, the nodes not reached yet dashed, the step's chain rule underneath",
        # steps, check
        "steps": "the backward pass as a table, one row per +=",
        "steps_description": "Run backward and print every chain-rule step (parent.grad += upstream · local) as a "
                             "table.",
        "steps_output": "write the table to this file instead of printing it",
        "check": "compare backprop with numeric gradients (gradcheck)",
        "check_description": "Compare each variable's backprop gradient with central finite differences.  Exit "
                             "status 1 if any disagrees.",
        "eps": "finite-difference step (default: 1e-6)",
        "atol": "absolute tolerance (default: 1e-5)",
        "rtol": "relative tolerance (default: 1e-3)",
        # player, slides
        "player": "write a self-contained HTML page stepping through backward",
        "player_description": "Write one HTML page (no network needed) with the graph, previous/next buttons, a "
                              "slider and each step's row of the table.",
        "player_output": "the HTML file to write",
        "player_title": "the page's heading",
        "slides": "write the backward pass as 16:9 slides (PDF, GIF, PNG frames)",
        "slides_description": "Write a 16:9 deck: the forward graph, a page per backward step (its diagram and "
                              "chain rule in large letters), every gradient.",
        "slides_output": "NAME.pdf (a deck), NAME.gif (an animation), NAME.png (1920×1080 frames NAME_01.png, …) "
                         "or a folder (frames slide_01.png, …)",
        "slides_title": "the title page's heading",
        "slides_rankdir": "direction of the diagrams (default: LR or TB, whichever reads larger)",
        "seconds": "seconds per page of a GIF (default: 3)",
        # check-answers
        "check_answers": "grade answers files (YAML or JSON) against their sheet or a key",
        "check_answers_description":
            "Check students' numbers (forward values, loss, gradients) for a network or a formula; for a "
            "wrong gradient show the chain rule that gives the right one.\n\n"
            "What a file is graded against:\n"
            "  --key KEY       the teacher's key: an answers file of the same shape, with the exercise\n"
            "                  (or the kind and seed of a sheet) and the answers to grade, left null\n"
            "                  (the engine computes them) or filled in (they must agree with the engine)\n"
            "  kind and seed   a file written by `pizarra worksheet`: its sheet, rebuilt from the seed\n"
            "  neither         the exercise written in the file itself (the report says so)\n"
            "A file whose network, input, target or tolerance differ from its sheet or key is not graded\n"
            "(the message names the field).  A missing answer counts as blank; names not asked are not\n"
            "graded.  One file prints its report; several print a summary table, a row per file.\n\n"
            "Exit status: 0 all right, 1 some answer wrong or blank, 2 a file (any, for several) that\n"
            "cannot be graded, or a bad key.",
        "check_answers_epilog":
            "examples:\n"
            "  pizarra check-answers hojas/respuestas_red_17.yaml\n"
            "  pizarra check-answers respuestas/*.yaml --key clave.yaml --summary resumen\n"
            "      (writes resumen.md and resumen.csv; --summary resumen.csv writes only the CSV)",
        "answers_files": "answers files (.yaml, .yml or .json)",
        "key": "grade against this key (an answers file with the exercise and the answers to grade)",
        "summary": "write a summary table, a row per file (file, graded against, right/total, the wrong or blank "
                   "entries, result): PATH.md and PATH.csv, or only PATH when it ends in .md or .csv; each file is "
                   "written atomically",
        "report_lang": "language of the report (default: the file's lang:, else en)",
        "report_decimal": "decimal mark (default: ',' in Spanish, '.' in English)",
        "report_format": "report format (default: text)",
        "answers_rtol": "relative tolerance (default: the key's, else the file's, or 0.01)",
        "answers_atol": "absolute tolerance (default: the key's, else the file's, or 0.002)",
        # worksheet
        "worksheet": "generate an exercise sheet, its answer key and an answers file",
        "worksheet_description": "Draw a fresh exercise from a seed (same seed, same files): the statement and the "
                                 "key as Markdown and LaTeX, and an answers file for check-answers.",
        "kind": "the exercise (default: two-layer)",
        "seed": "the seed (default: 0)",
        "sheet_lang": "language of the sheet, its key and file names (default: en, as worksheet() in Python)",
        "activation": "hidden layer's (or the neuron's) activation (default: drawn from the seed)",
        "output_activation": "two-layer output activation (default: drawn from the seed)",
        "loss": "½(ŷ − y)² or binary cross-entropy (default: drawn from the seed)",
        "sheet_output": "write the five files into DIR; without it the statement is printed",
        # network
        "network": "draw an MLP layer by layer, from a model file or a sheet's exercise",
        "network_description":
            "Draw the layer picture of an MLP: its inputs, each layer's neurons (activation, bias) and an edge per "
            "weight,\nas viz.network does.  The network is a model file written by MLP.save, or the exercise of\n"
            "`pizarra worksheet` with the same --kind and --seed.  With --sample the picture runs one sample\n"
            "through it: every z and a, and with a target J and (--grads) every gradient.",
        "network_epilog":
            "examples:\n"
            "  pizarra network red.json -o red.svg\n"
            "  pizarra network red.json --sample 1.8 -3.4 5 --grads -o red.png\n"
            "  pizarra network --kind two-layer --seed 17 --sample --grads --lang es -o red_17.png",
        "model": "a model file (JSON, written by MLP.save); or give --kind and --seed",
        "network_kind": "the exercise of a sheet of this kind (with --seed)",
        "network_seed": "the sheet's seed (default with --kind: 0)",
        "network_activation": "the sheet's hidden (or neuron's) activation, as in pizarra worksheet",
        "network_output_activation": "the two-layer sheet's output activation, as in pizarra worksheet",
        "network_loss": "the loss J (default: the sheet's; mse, ½(ŷ − y)², for a model file)",
        "sample": "one sample: the input's numbers, then (for J and the gradients) the target's, e.g. --sample 1.8 "
                  "-3.4 5; with no numbers, the sheet's own input and target",
        "grads": "also write the gradients ∂J/∂w, ∂J/∂b (and the sample's ∂J/∂x, ∂J/∂z, ∂J/∂a); they need the "
                 "sample's target",
        "network_lang": "language of the labels (default: en)",
        "network_decimal": "decimal mark (default: ',' with --lang es, '.' otherwise); --sample reads it too",
        "network_fit": "the drawing's aspect ratio, width:height (default: {fit}, a slide; none: graphviz's own)",
        "network_rankdir": "layers left to right or top to bottom (default: LR unless that is taller than wide)",
    },
    es={
        "positionals": "argumentos posicionales",
        "optionals": "opciones",
        "help": "mostrar esta ayuda y salir",
        "description": "La retropropagación en la pizarra: dibujar el grafo de cómputo de una fórmula, recorrer su "
                       "retropropagación paso a paso, verificar sus gradientes o escribir una página que la recorre; "
                       "dibujar una red capa por capa; hacer hojas de ejercicios y corregir sus respuestas.",
        "epilog": _EPILOG_ES,
        "version": "mostrar la versión de pizarra y salir",
        "formula": "la fórmula, entre comillas, p. ej. \"tanh(x*w + b)\" o \"z = w*x + b; L = 0.5*(relu(z) - y)**2\" "
                   "(no va con -f)",
        "values": "el valor de cada variable, p. ej. w=−3",
        "file": "leer la fórmula del ARCHIVO (UTF-8; una asignación por línea, # para comentarios)",
        "lang": "idioma de las tablas y los rótulos (por defecto: en)",
        "decimal": "separador decimal (por defecto: ',' con --lang es, '.' si no)",
        "precision": "cifras significativas de los números (por defecto: 4)",
        "label": "un nombre para el resultado, en el diagrama y en el ∂NOMBRE/∂nodo de la tabla (por defecto: el "
                 "último nombre de la fórmula, L en \"L = …\"; sin nombre, las tablas dicen ∂L/∂nodo)",
        "rankdir": "dirección del dibujo (por defecto: LR)",
        "title": "un título sobre el dibujo",
        "max_nodes": "no dibujar si hay más valores que estos (por defecto: {most})",
        "table_format": "formato de la tabla (por defecto: text)",
        "draw": "dibujar el grafo de cómputo (SVG, PNG, PDF o DOT)",
        "draw_description": "Dibujar el grafo de cómputo de la expresión, después de la retropropagación (data y grad "
                            "de cada nodo), salvo con --forward-only.",
        "draw_output": "archivo de salida; su sufijo da el formato ({formats}); sin él, se imprime el texto DOT",
        "forward_only": "no hacer la retropropagación; mostrar solo los datos",
        "color_by": "colorear nodos y aristas según el signo y el tamaño del gradiente (por defecto: none)",
        "fit": "dar al dibujo la forma de un cuadro de esta proporción, p. ej. 16:9 o 4:3: compacto, nodos angostos "
               "de izquierda a derecha, con márgenes hasta el cuadro; none conserva la forma propia de graphviz (por "
               "defecto: {slide} para una imagen ({pictures}), none para DOT)",
        "step": "dibujar el grafo justo después del paso N de la retropropagación (1 es el primer +=, como los "
                "numera pizarra steps): los gradientes de ese momento, los nodos a los que aún no llegó con borde "
                "punteado y, debajo, la regla de la cadena del paso",
        "steps": "la retropropagación como tabla, una fila por +=",
        "steps_description": "Hacer la retropropagación e imprimir cada paso de la regla de la cadena "
                             "(padre.grad += gradiente que llega · derivada local) como tabla.",
        "steps_output": "escribir la tabla en este archivo en lugar de imprimirla",
        "check": "comparar la retropropagación con gradientes numéricos (gradcheck)",
        "check_description": "Comparar el gradiente de cada variable por retropropagación con diferencias finitas "
                             "centradas.  Código de salida 1 si alguno no coincide.",
        "eps": "paso de las diferencias finitas (por defecto: 1e−6)",
        "atol": "tolerancia absoluta (por defecto: 1e−5)",
        "rtol": "tolerancia relativa (por defecto: 1e−3)",
        "player": "escribir una página HTML autónoma que recorre la retropropagación paso a paso",
        "player_description": "Escribir una página HTML (funciona sin conexión) con el grafo, botones de anterior y "
                              "siguiente, un deslizador y la fila de la tabla de cada paso.",
        "player_output": "el archivo HTML a escribir",
        "player_title": "el título de la página",
        "slides": "escribir la retropropagación como diapositivas 16:9 (PDF, GIF, imágenes PNG)",
        "slides_description": "Escribir una presentación 16:9: el grafo hacia adelante, una página por paso de la "
                              "retropropagación (su diagrama y la regla de la cadena en letra grande), cada gradiente.",
        "slides_output": "NOMBRE.pdf (una presentación), NOMBRE.gif (una animación), NOMBRE.png (imágenes de "
                         "1920×1080 NOMBRE_01.png, …) o una carpeta (imágenes diapositiva_01.png, …)",
        "slides_title": "el título de la portada",
        "slides_rankdir": "dirección de los diagramas (por defecto: LR o TB, la que se lea más grande)",
        "seconds": "segundos por página de un GIF (por defecto: 3)",
        "check_answers": "corregir archivos de respuestas (YAML o JSON) contra su hoja o una clave",
        "check_answers_description":
            "Verificar los números de los estudiantes (valores hacia adelante, costo, gradientes) para una red o una "
            "fórmula; para un gradiente incorrecto, mostrar la regla de la cadena que da el correcto.\n\n"
            "Contra qué se corrige un archivo:\n"
            "  --key CLAVE     la clave del docente: un archivo de respuestas de la misma forma, con el ejercicio\n"
            "                  (o el tipo y la semilla de una hoja) y las respuestas a corregir, en null\n"
            "                  (las calcula el motor) o completas (deben coincidir con el motor)\n"
            "  `kind`, `seed`  un archivo escrito por `pizarra worksheet`: su hoja, rehecha desde la semilla\n"
            "  ninguna         el ejercicio escrito en el propio archivo (el informe lo dice)\n"
            "Un archivo cuya red, entrada, objetivo o tolerancia difieren de su hoja o su clave no se corrige\n"
            "(el mensaje nombra el campo).  Una respuesta que falta cuenta como vacía; los nombres que no se\n"
            "piden no se corrigen.  Un archivo imprime su informe; varios, una tabla resumen, una fila\n"
            "por archivo.\n\n"
            "Código de salida: 0 todo bien, 1 alguna respuesta incorrecta o vacía, 2 un archivo (cualquiera, si son\n"
            "varios) que no se puede corregir, o una clave mal hecha.",
        "check_answers_epilog":
            "ejemplos:\n"
            "  pizarra check-answers hojas/respuestas_red_17.yaml --lang es\n"
            "  pizarra check-answers respuestas/*.yaml --key clave.yaml --summary resumen --lang es\n"
            "      (se escriben resumen.md y resumen.csv; con --summary resumen.csv, solo el CSV)",
        "answers_files": "archivos de respuestas (.yaml, .yml o .json)",
        "key": "corregir contra esta clave (un archivo de respuestas con el ejercicio y las respuestas a corregir)",
        "summary": "escribir una tabla resumen, una fila por archivo (archivo, contra qué se corrigió, bien/total, las "
                   "entradas incorrectas o vacías, resultado): RUTA.md y RUTA.csv, o solo RUTA si termina en .md o "
                   ".csv; cada archivo se escribe de forma atómica",
        "report_lang": "idioma del informe (por defecto: el lang: del archivo, si no en)",
        "report_decimal": "separador decimal (por defecto: ',' en castellano, '.' en inglés)",
        "report_format": "formato del informe (por defecto: text)",
        "answers_rtol": "tolerancia relativa (por defecto: la de la clave, si no la del archivo, o 0,01)",
        "answers_atol": "tolerancia absoluta (por defecto: la de la clave, si no la del archivo, o 0,002)",
        "worksheet": "generar una hoja de ejercicios, su clave y un archivo de respuestas",
        "worksheet_description": "Sortear un ejercicio nuevo a partir de una semilla (misma semilla, mismos "
                                 "archivos): el enunciado y la clave en Markdown y LaTeX, y un archivo de respuestas "
                                 "para check-answers.",
        "kind": "el ejercicio (por defecto: two-layer)",
        "seed": "la semilla (por defecto: 0)",
        "sheet_lang": "idioma de la hoja, su clave y los nombres de archivo (por defecto: en, como worksheet() en "
                      "Python)",
        "activation": "activación de la capa oculta (o de la neurona) (por defecto: sorteada con la semilla)",
        "output_activation": "activación de salida de two-layer (por defecto: sorteada con la semilla)",
        "loss": "½(ŷ − y)² o entropía cruzada binaria (por defecto: sorteada con la semilla)",
        "sheet_output": "escribir los cinco archivos en CARPETA; sin ella, se imprime el enunciado",
        "network": "dibujar un MLP capa por capa, desde un archivo de modelo o el ejercicio de una hoja",
        "network_description":
            "Dibujar un MLP capa por capa: sus entradas, las neuronas de cada capa (activación, sesgo) y una\n"
            "arista por peso, como viz.network.  La red es un archivo de modelo escrito por MLP.save, o el\n"
            "ejercicio de `pizarra worksheet` con los mismos --kind y --seed.  Con --sample, el dibujo pasa una\n"
            "muestra por la red y da cada z y cada a; con su valor esperado, también J y (con --grads) cada\n"
            "gradiente.",
        "network_epilog":
            "ejemplos:\n"
            "  pizarra network red.json --lang es -o red.svg\n"
            "  pizarra network red.json --sample 1,8 −3,4 5 --grads --lang es -o red.png\n"
            "  pizarra network --kind two-layer --seed 17 --sample --grads --lang es -o red_17.png",
        "model": "un archivo de modelo (JSON, escrito por MLP.save); o dar --kind y --seed",
        "network_kind": "el ejercicio de una hoja de este tipo (con --seed)",
        "network_seed": "la semilla de la hoja (por defecto, con --kind: 0)",
        "network_activation": "la activación oculta de la hoja (o de la neurona), como en pizarra worksheet",
        "network_output_activation": "la activación de salida de la hoja two-layer, como en pizarra worksheet",
        "network_loss": "la función de costo J (por defecto: la de la hoja; mse, ½(ŷ − y)², para un archivo de "
                        "modelo)",
        "sample": "una muestra: los números de la entrada y luego (para J y los gradientes) los del valor esperado, "
                  "p. ej. --sample 1,8 −3,4 5; sin números, la entrada y el valor esperado de la hoja",
        "grads": "escribir también los gradientes ∂J/∂w, ∂J/∂b (y los de la muestra, ∂J/∂x, ∂J/∂z, ∂J/∂a); "
                 "necesitan el valor esperado de la muestra",
        "network_lang": "idioma de los rótulos (por defecto: en)",
        "network_decimal": "separador decimal (por defecto: ',' con --lang es, '.' si no); --sample también lo lee",
        "network_fit": "la proporción del dibujo, ancho:alto (por defecto: {fit}, una diapositiva; none: la propia "
                       "de graphviz)",
        "network_rankdir": "capas de izquierda a derecha o de arriba abajo (por defecto: LR, salvo que quede más alto "
                           "que ancho)",
    },
)
