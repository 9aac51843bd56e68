"""The arXiv category taxonomy (codes and full names) for topics.

>>> lookup("LG")
('cs.LG', 'Machine Learning', 'cs')
>>> lookup("math.OC")[1]
'Optimization and Control'
"""
from __future__ import annotations

ARCHIVES = {
    "cs": "Computer Science", "math": "Mathematics", "stat": "Statistics",
    "eess": "Electrical Engineering and Systems Science", "econ": "Economics",
    "q-bio": "Quantitative Biology", "q-fin": "Quantitative Finance", "physics": "Physics",
    "astro-ph": "Astrophysics", "cond-mat": "Condensed Matter", "gr-qc": "General Relativity and Quantum Cosmology",
    "hep-ex": "High Energy Physics - Experiment", "hep-lat": "High Energy Physics - Lattice",
    "hep-ph": "High Energy Physics - Phenomenology", "hep-th": "High Energy Physics - Theory",
    "math-ph": "Mathematical Physics", "nlin": "Nonlinear Sciences", "nucl-ex": "Nuclear Experiment",
    "nucl-th": "Nuclear Theory", "quant-ph": "Quantum Physics",
}

CATEGORIES = {
    "cs.AI": "Artificial Intelligence", "cs.AR": "Hardware Architecture",
    "cs.CC": "Computational Complexity", "cs.CE": "Computational Engineering, Finance, and Science",
    "cs.CG": "Computational Geometry", "cs.CL": "Computation and Language",
    "cs.CR": "Cryptography and Security", "cs.CV": "Computer Vision and Pattern Recognition",
    "cs.CY": "Computers and Society", "cs.DB": "Databases",
    "cs.DC": "Distributed, Parallel, and Cluster Computing", "cs.DL": "Digital Libraries",
    "cs.DM": "Discrete Mathematics", "cs.DS": "Data Structures and Algorithms",
    "cs.ET": "Emerging Technologies", "cs.FL": "Formal Languages and Automata Theory",
    "cs.GL": "General Literature", "cs.GR": "Graphics", "cs.GT": "Computer Science and Game Theory",
    "cs.HC": "Human-Computer Interaction", "cs.IR": "Information Retrieval",
    "cs.IT": "Information Theory", "cs.LG": "Machine Learning", "cs.LO": "Logic in Computer Science",
    "cs.MA": "Multiagent Systems", "cs.MM": "Multimedia", "cs.MS": "Mathematical Software",
    "cs.NA": "Numerical Analysis", "cs.NE": "Neural and Evolutionary Computing",
    "cs.NI": "Networking and Internet Architecture", "cs.OH": "Other Computer Science",
    "cs.OS": "Operating Systems", "cs.PF": "Performance", "cs.PL": "Programming Languages",
    "cs.RO": "Robotics", "cs.SC": "Symbolic Computation", "cs.SD": "Sound",
    "cs.SE": "Software Engineering", "cs.SI": "Social and Information Networks",
    "cs.SY": "Systems and Control",
    "econ.EM": "Econometrics", "econ.GN": "General Economics", "econ.TH": "Theoretical Economics",
    "eess.AS": "Audio and Speech Processing", "eess.IV": "Image and Video Processing",
    "eess.SP": "Signal Processing", "eess.SY": "Systems and Control",
    "math.AC": "Commutative Algebra", "math.AG": "Algebraic Geometry", "math.AP": "Analysis of PDEs",
    "math.AT": "Algebraic Topology", "math.CA": "Classical Analysis and ODEs",
    "math.CO": "Combinatorics", "math.CT": "Category Theory", "math.CV": "Complex Variables",
    "math.DG": "Differential Geometry", "math.DS": "Dynamical Systems",
    "math.FA": "Functional Analysis", "math.GM": "General Mathematics",
    "math.GN": "General Topology", "math.GR": "Group Theory", "math.GT": "Geometric Topology",
    "math.HO": "History and Overview", "math.IT": "Information Theory", "math.KT": "K-Theory and Homology",
    "math.LO": "Logic", "math.MG": "Metric Geometry", "math.MP": "Mathematical Physics",
    "math.NA": "Numerical Analysis", "math.NT": "Number Theory", "math.OA": "Operator Algebras",
    "math.OC": "Optimization and Control", "math.PR": "Probability",
    "math.QA": "Quantum Algebra", "math.RA": "Rings and Algebras", "math.RT": "Representation Theory",
    "math.SG": "Symplectic Geometry", "math.SP": "Spectral Theory", "math.ST": "Statistics Theory",
    "q-bio.BM": "Biomolecules", "q-bio.CB": "Cell Behavior", "q-bio.GN": "Genomics",
    "q-bio.MN": "Molecular Networks", "q-bio.NC": "Neurons and Cognition",
    "q-bio.OT": "Other Quantitative Biology", "q-bio.PE": "Populations and Evolution",
    "q-bio.QM": "Quantitative Methods", "q-bio.SC": "Subcellular Processes",
    "q-bio.TO": "Tissues and Organs",
    "q-fin.CP": "Computational Finance", "q-fin.EC": "Economics",
    "q-fin.GN": "General Finance", "q-fin.MF": "Mathematical Finance",
    "q-fin.PM": "Portfolio Management", "q-fin.PR": "Pricing of Securities",
    "q-fin.RM": "Risk Management", "q-fin.ST": "Statistical Finance",
    "q-fin.TR": "Trading and Market Microstructure",
    "stat.AP": "Applications", "stat.CO": "Computation", "stat.ME": "Methodology",
    "stat.ML": "Machine Learning", "stat.OT": "Other Statistics", "stat.TH": "Statistics Theory",
    "physics.soc-ph": "Physics and Society", "physics.data-an": "Data Analysis, Statistics and Probability",
    "physics.comp-ph": "Computational Physics", "physics.bio-ph": "Biological Physics",
    "physics.optics": "Optics", "physics.med-ph": "Medical Physics",
    "cond-mat.stat-mech": "Statistical Mechanics", "cond-mat.dis-nn": "Disordered Systems and Neural Networks",
}


def lookup(code: str) -> tuple[str, str, str]:
    """Full code, label and archive for a category code.

    A bare two-letter code (as on profile pages) is a cs category; an unknown code is kept
    as given, labelled with itself.
    """
    code = code.strip()
    if code in CATEGORIES:
        full = code
    elif f"cs.{code}" in CATEGORIES:
        full = f"cs.{code}"
    elif code in ARCHIVES:
        return code, ARCHIVES[code], ""
    else:
        full = code if "." in code else (f"cs.{code}" if code.isalpha() and code.isupper() and len(code) == 2 else code)
    archive = full.split(".", 1)[0] if "." in full else ""
    return full, CATEGORIES.get(full, full), archive
