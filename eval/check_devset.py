#!/usr/bin/env python3
"""Validate the 办事通 dev set (dev_single.yml, dev_dialogues.yml) against the source document.

Usage: python3 eval/check_devset.py [--doc PATH] [--single PATH] [--dialogues PATH]

Checks:
  * every `item` / `candidates` entry is an exact 事项名称 from the document
    (names are taken from the line after the `\t事项名称` label, stripped);
  * if a name occurs more than once in the document, the entry must carry a 1-based
    `position` pointing at an item with that name;
  * styles / fields / intents are from the allowed sets and null where required;
  * minimum sizes: >=340 questions, >=160 distinct items, every field >=10 times,
    per-style minimums, >=45 dialogues with 2-4 user turns each;
  * light surface checks: speech has no punctuation or ASCII digits, traditional
    contains no common simplified-only characters, no duplicate question texts.
Prints a summary; exits 1 on any error.
"""
import argparse
import collections
import os
import re
import sys
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit('PyYAML missing: pip install pyyaml')

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DOC = '/work/shared/seeds/000_2ce87e85e3754d8d.txt'

FIELDS = ['事项简述', '受理条件', '申请材料', '服务渠道', '办结时限', '结果送达',
          '收费依据及标准', '办事时间', '办事机构及地点', '咨询查询途径', '监督投诉渠道']
FIELD_VALUES = set(FIELDS) | {'overview'}
STYLE_MIN = {  # brief: "aim for roughly" these; used as lower bounds
    'official': 60, 'abbreviation': 45, 'colloquial': 70, 'speech': 50, 'typo': 25,
    'traditional': 20, 'out_of_scope': 30, 'chitchat': 20, 'ambiguous': 20,
}
INTENTS = {'greet', 'thanks', 'identity', 'handoff', 'goodbye'}
MIN_QUESTIONS = 340
MIN_DISTINCT_ITEMS = 160
MIN_PER_FIELD = 10
MIN_DIALOGUES = 45

PUNCT_RE = re.compile(r'[，。？！、；：“”‘’（）《》【】…,.?!;:()\[\]"\'~～\s]')
# characters that only occur in simplified script (their traditional forms differ)
SIMPLIFIED_ONLY = set('么这说请补领业险费资办证会养关变报单时间问钱们个吗来对见贴认试职称劳动务导护'
                      '过还进处发转邮鉴伤残龄记录码网线谢医县门余卡级测计费维权审档调'.replace('卡', ''))


def parse_names(doc_path):
    lines = Path(doc_path).read_text(encoding='utf-8').split('\n')
    names = []
    for i, line in enumerate(lines):
        if line.strip().startswith('事项编码：'):
            j = i + 1
            while j < len(lines) and not (lines[j].startswith('\t') and lines[j].strip() == '事项名称'):
                if lines[j].strip().startswith('事项编码：'):
                    break
                j += 1
            if j + 1 >= len(lines) or lines[j].strip() != '事项名称':
                raise SystemExit(f'doc line {i + 1}: 事项编码 without 事项名称')
            names.append(lines[j + 1].strip())
    return names


class Checker:
    def __init__(self, names):
        self.names = names
        self.name_set = set(names)
        self.dup_names = {n for n, c in collections.Counter(names).items() if c > 1}
        self.errors = []
        self.warnings = []

    def err(self, where, msg):
        self.errors.append(f'{where}: {msg}')

    def check_item(self, where, name, position=None):
        if not isinstance(name, str) or name not in self.name_set:
            self.err(where, f'item not an exact 事项名称: {name!r}')
            return
        if name in self.dup_names and position is None:
            self.err(where, f'name {name!r} occurs several times in the document; add `position`')
        if position is not None and (not isinstance(position, int) or not 1 <= position <= len(self.names) \
                    or self.names[position - 1] != name):
            self.err(where, f'position {position!r} does not point at {name!r}')
        if name.startswith('[bookmark'):
            self.warnings.append(f'{where}: item name carries a Word bookmark artefact: {name!r}')

    def check_candidates(self, where, cands):
        if not isinstance(cands, list) or not 2 <= len(cands) <= 5:
            self.err(where, 'candidates must be a list of 2-5 names')
            return
        if len(set(cands)) != len(cands):
            self.err(where, 'duplicate candidates')
        for c in cands:
            self.check_item(where + ' candidate', c)

    def check_field(self, where, field, allow_null=True):
        if field is None:
            if not allow_null:
                self.err(where, 'field must not be null')
        elif field not in FIELD_VALUES:
            self.err(where, f'bad field {field!r}')

    # ------------------------------------------------------------------ single
    def check_single(self, path):
        data = yaml.safe_load(Path(path).read_text(encoding='utf-8'))
        if not isinstance(data, dict) or data.get('version') != 1 or not isinstance(data.get('questions'), list):
            self.err(path, 'expected mapping with version: 1 and a questions list')
            return {}
        qs = data['questions']
        styles = collections.Counter()
        fields = collections.Counter()
        items = collections.Counter()
        intents = collections.Counter()
        texts = collections.Counter()
        allowed = {'text', 'item', 'field', 'style', 'intent', 'candidates', 'position'}
        for n, q in enumerate(qs, 1):
            where = f'{os.path.basename(path)} q{n}'
            if not isinstance(q, dict):
                self.err(where, 'not a mapping')
                continue
            extra = set(q) - allowed
            if extra:
                self.err(where, f'unknown keys {sorted(extra)}')
            for k in ('text', 'item', 'field', 'style'):
                if k not in q:
                    self.err(where, f'missing key {k}')
            text, item, field, style = q.get('text'), q.get('item'), q.get('field'), q.get('style')
            if not isinstance(text, str) or not text.strip():
                self.err(where, 'empty text')
                continue
            where += f' [{text}]'
            texts[text] += 1
            if style not in STYLE_MIN:
                self.err(where, f'bad style {style!r}')
                continue
            styles[style] += 1
            self.check_field(where, field)
            if field:
                fields[field] += 1
            if style in ('out_of_scope', 'chitchat'):
                if item is not None or field is not None:
                    self.err(where, f'{style} must have item: null and field: null')
                if style == 'chitchat':
                    if q.get('intent') not in INTENTS:
                        self.err(where, f'chitchat needs intent in {sorted(INTENTS)}')
                    else:
                        intents[q['intent']] += 1
            elif style == 'ambiguous':
                if item is not None:
                    self.err(where, 'ambiguous must have item: null')
                self.check_candidates(where, q.get('candidates'))
            else:
                if item is None:
                    self.err(where, 'item must be set for this style')
                else:
                    self.check_item(where, item, q.get('position'))
                    items[item] += 1
                if field is None:
                    self.err(where, 'field must be set for this style')
            if style != 'ambiguous' and 'candidates' in q:
                self.err(where, 'candidates only allowed for ambiguous')
            if style != 'chitchat' and 'intent' in q:
                self.err(where, 'intent only allowed for chitchat')
            if style == 'speech':
                if PUNCT_RE.search(text):
                    self.err(where, 'speech text must not contain punctuation/spaces')
                if re.search(r'[0-9]', text):
                    self.err(where, 'speech text should use Chinese numerals, not digits')
            if style == 'traditional':
                bad = sorted(set(text) & SIMPLIFIED_ONLY)
                if bad:
                    self.err(where, f'traditional text contains simplified characters {bad}')
        for t, c in texts.items():
            if c > 1:
                self.err(path, f'duplicate question text x{c}: {t}')
        if len(qs) < MIN_QUESTIONS:
            self.err(path, f'only {len(qs)} questions (< {MIN_QUESTIONS})')
        if len(items) < MIN_DISTINCT_ITEMS:
            self.err(path, f'only {len(items)} distinct items (< {MIN_DISTINCT_ITEMS})')
        for f in sorted(FIELD_VALUES):
            if fields[f] < MIN_PER_FIELD:
                self.err(path, f'field {f} asked {fields[f]} times (< {MIN_PER_FIELD})')
        for s, m in STYLE_MIN.items():
            if styles[s] < m:
                self.err(path, f'style {s}: {styles[s]} (< {m})')
        for i in INTENTS:
            if intents[i] == 0:
                self.err(path, f'no chitchat question with intent {i}')
        return dict(total=len(qs), styles=styles, fields=fields, items=items, intents=intents)

    # --------------------------------------------------------------- dialogues
    def check_dialogues(self, path):
        data = yaml.safe_load(Path(path).read_text(encoding='utf-8'))
        if not isinstance(data, dict) or data.get('version') != 1 or not isinstance(data.get('dialogues'), list):
            self.err(path, 'expected mapping with version: 1 and a dialogues list')
            return {}
        ds = data['dialogues']
        names = collections.Counter()
        items = collections.Counter()
        fields = collections.Counter()
        nturns = 0
        kinds = collections.Counter()
        allowed = {'text', 'item', 'field', 'intent', 'expect', 'candidates', 'position', 'style'}
        for n, d in enumerate(ds, 1):
            where = f'{os.path.basename(path)} d{n}'
            if not isinstance(d, dict) or not isinstance(d.get('turns'), list):
                self.err(where, 'dialogue needs name and turns')
                continue
            name = d.get('name')
            if not isinstance(name, str) or not name:
                self.err(where, 'missing name')
            names[name] += 1
            where += f' ({name})'
            turns = d['turns']
            if not 2 <= len(turns) <= 4:
                self.err(where, f'{len(turns)} user turns (need 2-4)')
            prev_item = prev_field = None
            for k, t in enumerate(turns, 1):
                tw = f'{where} t{k}'
                if not isinstance(t, dict):
                    self.err(tw, 'turn not a mapping')
                    continue
                extra = set(t) - allowed
                if extra:
                    self.err(tw, f'unknown keys {sorted(extra)}')
                nturns += 1
                text, item, field = t.get('text'), t.get('item'), t.get('field')
                if not isinstance(text, str) or not text.strip():
                    self.err(tw, 'empty text')
                for key in ('item', 'field'):
                    if key not in t:
                        self.err(tw, f'missing key {key}')
                self.check_field(tw, field)
                if item is None:
                    if t.get('expect') == 'clarify':
                        self.check_candidates(tw, t.get('candidates'))
                        kinds['clarify'] += 1
                    elif t.get('intent') in INTENTS:
                        if field is not None:
                            self.err(tw, 'chitchat turn must have field: null')
                        kinds['chitchat'] += 1
                    else:
                        self.err(tw, 'item: null needs expect: clarify (+candidates) or a chitchat intent')
                else:
                    self.check_item(tw, item, t.get('position'))
                    items[item] += 1
                    if field is None:
                        self.err(tw, 'field must be set when item is set')
                    else:
                        fields[field] += 1
                    if k > 1 and prev_item is not None:
                        if item == prev_item:
                            kinds['followup_same_item'] += 1
                        elif field == prev_field:
                            kinds['switch_item_keep_field'] += 1
                        else:
                            kinds['switch_item_new_field'] += 1
                if k > 1 and turns[k - 2].get('expect') == 'clarify' and item is None:
                    self.err(tw, 'turn after a clarification must resolve to an item')
                prev_item, prev_field = item, field
        for nm, c in names.items():
            if c > 1:
                self.err(path, f'duplicate dialogue name {nm!r}')
        if len(ds) < MIN_DIALOGUES:
            self.err(path, f'only {len(ds)} dialogues (< {MIN_DIALOGUES})')
        return dict(total=len(ds), turns=nturns, items=items, fields=fields, kinds=kinds)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--doc', default=os.environ.get('BANSHITONG_DOC', DEFAULT_DOC))
    ap.add_argument('--single', default=os.path.join(HERE, 'dev_single.yml'))
    ap.add_argument('--dialogues', default=os.path.join(HERE, 'dev_dialogues.yml'))
    a = ap.parse_args()

    names = parse_names(a.doc)
    ck = Checker(names)
    print(f'document: {len(names)} items, {len(set(names))} distinct names'
          + (f', repeated names: {sorted(ck.dup_names)}' if ck.dup_names else ', no repeated names'))
    s = ck.check_single(a.single)
    d = ck.check_dialogues(a.dialogues)

    if s:
        print(f'\n{os.path.basename(a.single)}: {s["total"]} questions, {len(s["items"])} distinct items')
        print('  by style: ' + ', '.join(f'{k}={s["styles"][k]}' for k in STYLE_MIN))
        print('  by field: ' + ', '.join(f'{k}={s["fields"][k]}' for k in FIELDS + ['overview']))
        print('  chitchat intents: ' + ', '.join(f'{k}={v}' for k, v in sorted(s['intents'].items())))
    if d:
        print(f'\n{os.path.basename(a.dialogues)}: {d["total"]} dialogues, {d["turns"]} user turns, '
              f'{len(d["items"])} distinct items')
        print('  turn kinds: ' + ', '.join(f'{k}={v}' for k, v in sorted(d['kinds'].items())))
    if s and d:
        both = set(s['items']) | set(d['items'])
        print(f'\ndistinct items over both files: {len(both)} / {len(set(names))}')

    for w in ck.warnings:
        print('WARNING:', w)
    if ck.errors:
        print(f'\n{len(ck.errors)} ERROR(S):')
        for e in ck.errors:
            print('  ' + e)
        sys.exit(1)
    print('\nOK')


if __name__ == '__main__':
    main()
